// The MosaicExplore target: see README, Architecture.
