#ifndef MOSAIC_CVIPS_SHIM_H
#define MOSAIC_CVIPS_SHIM_H
#include <vips/vips.h>
#endif
