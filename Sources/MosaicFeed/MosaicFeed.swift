// The MosaicFeed target: see README, Architecture.
