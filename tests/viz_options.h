/* viz_options.h — the viewer as the tests open it: headless (software renderer, no display), no
 * animations, the embedding map computed at once, the repository's assets, 1280 x 720; and the
 * two things every viewer test does to it: draw a frame, press keys (then draw). */
#ifndef GB_VIZ_OPTIONS_H
#define GB_VIZ_OPTIONS_H

#include "check.h"
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

static inline void frame(Viewer *v)
{
    viewer_update(v, gb_now());
    viewer_draw(v);
}

/* Keys by SDL name, space-separated (viewer_press_keys); every one must be known. */
static inline void press(Viewer *v, const char *keys)
{
    char bad[256];
    CHECK(viewer_press_keys(v, keys, bad, sizeof bad) == 0, "key '%s' is known", bad);
    frame(v);
}

#endif
