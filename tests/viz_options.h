/* viz_options.h — the viewer as the tests open it: headless (software renderer, no display), no
 * animations, the embedding map computed at once, the repository's assets, 1280 x 720. */
#ifndef GB_VIZ_OPTIONS_H
#define GB_VIZ_OPTIONS_H

#include "viewer.h"

static inline ViewerOptions viz_test_options(const char *model_dir)
{
    ViewerOptions o = viewer_defaults();
    o.model_dir = model_dir;
    o.headless = 1;
    o.animate = 0;
    o.background = 0;
    o.assets = "assets";
    o.width = 1280;
    o.height = 720;
    return o;
}

#endif
