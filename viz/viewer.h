/* viewer.h — the glassbox viewer: a window (or, headless, an invisible one on SDL's dummy video
 * driver with the software renderer), a session, and the panels.
 *
 * A frame goes in a fixed order, like SDL's test programs and raylib's examples:
 *
 *   input    viewer_handle_event   keys and mouse change the View or move the session
 *   update   viewer_update         derive what the panels need (bars, lens rows, neighbours),
 *                                  advance animations, expire messages
 *   draw     viewer_draw           draw every panel from the Scene; nothing changes state
 *
 * viewer_run loops over these, redrawing only when something changed (SDL_WaitEventTimeout).
 * The tests call the three directly with events they build, and read the state back.
 */
#ifndef GB_VIEWER_H
#define GB_VIEWER_H

#include "lesson.h"
#include "panels.h"
#include "settings.h"
#include "trainrun.h"

#include <stdio.h>

typedef struct {
    const char *model_dir;      /* NULL: <assets>/models/classroom */
    const char *prompt;         /* NULL: "The cat sat on the" */
    SamplerSettings sampling;
    int steps;                  /* tokens to sample before the first frame */
    int headless;               /* no display: SDL_VIDEODRIVER=dummy, software renderer */
    int width, height;          /* window size in points (headless: pixels) */
    int fullscreen;
    int theme;                  /* THEME_* */
    int solo;                   /* PANEL_ALL, or one panel filling the window */
    int animate;                /* animate each choice (the tests and --headless turn it off) */
    int background;             /* analyse the embedding table on a worker thread */
    const char *screenshot;     /* where S saves (NULL: glassbox-N.png in the current folder) */
    const char *assets;         /* the assets folder; NULL: found next to the program */
    const char *settings;       /* the settings file to read and write (settings.h); NULL: none */
    int theme_given;            /* the theme was chosen on the command line: settings do not change it */
} ViewerOptions;

/* Defaults: 1280 x 720, dark theme, all panels, animations and the worker thread on. */
ViewerOptions viewer_defaults(void);

#define FRAME_TIMES 120

/* ----------------------------------------------------------------------------------------------
 * Lessons (player.c): the lesson being played and the menu of lessons. */

typedef struct {
    int ok;
    int line;                  /* the check's line in the lesson */
    char text[400];            /* what the model shows, in words */
} CheckResult;

#define PLAYER_RESULTS 16

typedef struct {
    int active;
    Lesson lesson;
    int stop;                  /* the page on screen, 0 .. lesson.n_stops - 1 */
    int pc;                    /* the next directive to run */
    const LessonDirective *page;   /* the say or ask on screen */
    int revealed;              /* an ask's answer is shown */
    int busy;                  /* a training run must finish before the next page */
    int panel;                 /* LESSON_PANEL_ALL, a PANEL_*, or LESSON_PANEL_TRAINING */
    int answer;                /* the revealed ask's right choice, or -1 */
    float choice_p[LESSON_MAX_CHOICES];   /* the model's probability of each token choice */
    CheckResult results[PLAYER_RESULTS];  /* the checks run on the way to this page */
    int n_results;
    int passed, failed;        /* all checks run since the lesson started */
    FILE *log;                 /* glassbox lesson prints pages and checks here (NULL: quiet) */
    float *probs;              /* (V) scratch */
    uint8_t *cut;
    int *order;
    float *saved_weights;      /* the model's weights before a finetune changed them */
    int weights_changed;
    char saved_prompt[2048];   /* free play's prompt, for the lesson's start */
} Player;

typedef struct {
    char path[1024];
    char title[160];
    char summary[400];
    char problem[600];         /* why it cannot be played ("" if it can) */
} MenuEntry;

typedef struct {
    int open;
    int n, sel;
    MenuEntry *e;
    char dir[1024];            /* the lessons folder */
    char problem[600];         /* why there are none */
} LessonMenu;

typedef struct Viewer {
    ViewerOptions opt;
    char assets[4096];
    char model_dir[4096];
    char model_name[256];
    SDL_Window *window;
    SDL_Renderer *renderer;
    Ui ui;
    Session session;
    char load_problem[1024];    /* why there is no model (session.loaded == 0) */
    char load_hint[1024];
    Lens lens;
    EmbedMap embed;
    int embed_started;
    View view;
    Bars bars;
    unsigned bars_version;
    int bars_step;
    int nb_for;                 /* the token the neighbours are for, or -1 */
    int nb_n;
    int nb_ids[NEIGHBOURS_MAX];
    float nb_scores[NEIGHBOURS_MAX];
    Scene scene;
    AttentionCache attention;
    NeighboursCache neighbours;
    int theme;
    float zoom;
    int running;
    int dirty;                  /* something changed: draw a frame */
    int fullscreen;
    int windowed_w, windowed_h; /* the window's size before fullscreen */
    float mouse_scale_x, mouse_scale_y;   /* output pixels per window point (HiDPI) */
    Rect drag_track;            /* the track of the slider being dragged */
    double anim_start;
    double frame_ms[FRAME_TIMES];
    int n_frames;
    double first_frame_s;       /* time from viewer_open to the first frame drawn, or 0 */
    double opened_at;
    int screenshot_pending;
    int screenshots_taken;
    Evidence evidence;          /* for the bars on screen, when the view shows it */
    unsigned evidence_version;
    int evidence_pos;
    Player player;
    LessonMenu menu;
    TrainRun run;               /* the lesson's training run (training panel, fine-tuning) */
    char settings_path[GB_PATH_MAX];  /* "" when settings are not kept (tests, headless) */
    Settings settings;          /* as read at the start; written back by viewer_close */
    int resume_page;            /* the page of settings.lesson to go to when it is started (-1: none) */
} Viewer;

/* Open the window, the fonts and the model. A missing or broken model is not an error for a
 * window: the viewer shows what is wrong (load_problem) and how to fix it. Headless, it is.
 * Returns 0, or -1 with err. On failure call viewer_close anyway. */
int viewer_open(Viewer *v, const ViewerOptions *o, GbError *err);
void viewer_close(Viewer *v);

void viewer_handle_event(Viewer *v, const SDL_Event *e);
void viewer_update(Viewer *v, double now);
void viewer_draw(Viewer *v);

/* A key press by name ("Space", "Left", "3", "T", ...), as if typed: for --keys and the tests.
 * Returns 0, or -1 if SDL does not know the name. */
int viewer_press(Viewer *v, const char *name, double now);
/* Press each key of a space-separated list; text:'some words' types words with spaces. Returns 0,
 * or -1 with the first unknown key copied to bad. */
int viewer_press_keys(Viewer *v, const char *keys, char *bad, size_t cap);
/* Resize the window (headless: the target) to w x h. */
void viewer_resize(Viewer *v, int w, int h);
/* Write what the renderer shows now as a PNG (call after viewer_draw, before presenting). */
int viewer_screenshot(Viewer *v, const char *path, GbError *err);
/* The loop: input -> update -> draw until Ctrl+Q or the window closes. Returns the exit status. */
int viewer_run(Viewer *v);

/* Lessons (player.c). Start the lesson in path (it stops at its first page), or -1 with err
 * ("<file>:<line>: ..."); a lesson already playing is left first. */
int player_start(Viewer *v, const char *path, GbError *err);
void player_next(Viewer *v);              /* the next page (or reveal an ask's answer) */
void player_back(Viewer *v);              /* the page before, exactly as it was */
int player_goto(Viewer *v, int stop);     /* replay from the start to page `stop` */
void player_leave(Viewer *v);             /* back to free play, with the lesson's tokens on screen */
/* Advance a training run the page is waiting for, for about `budget` seconds. */
void player_update(Viewer *v, double budget);
void player_free(Viewer *v);
/* The lessons folder: $GLASSBOX_LESSONS, else <assets>/../lessons. List its *.lesson files. */
void menu_scan(Viewer *v);
void menu_free(Viewer *v);

/* Find the assets folder (with fonts/DejaVuSans.ttf): gb_find_assets (ref/util.h), which looks
 * next to the program first, then in the prefix it was built for. Returns 0, or -1 with err. */
int viewer_find_assets(char *out, size_t cap, GbError *err);

#endif
