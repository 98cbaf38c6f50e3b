// The MosaicAPI target: see README, Architecture.
