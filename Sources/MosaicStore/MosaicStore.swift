// The MosaicStore target: see README, Architecture.
