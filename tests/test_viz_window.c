/* test_viz_window.c — a real window. Under Xvfb (a virtual X display) `glassbox view` opens a
 * window and receives real key presses from xdotool (XTEST): sample 5 tokens, step back 2, force
 * the third bar, save a screenshot with S; then F (fullscreen) and Esc (back), each followed by
 * S; quit with Ctrl+Q. The first screenshot must match the headless render of the same keys
 * (`--keys`) within the golden tolerance, and differ from the state before the keys (so the keys
 * did arrive); the others must have the screen's size and the window's. Needs Xvfb and xdotool
 * (make deps). */
#define _POSIX_C_SOURCE 200809L
#include "check.h"
#include "viz_model.h"
#include "image.h"
#include "viewer.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void pause_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static int wait_for(const char *path, int ms)
{
    for (int t = 0; t < ms; t += 50, pause_ms(50))
        if (exists(path)) return 1;
    return exists(path);
}

/* Start argv[0] with its output going to log, with LSAN_OPTIONS=lsan if lsan is not NULL; returns
 * the pid, or -1. */
static pid_t spawn(char *const argv[], const char *log, const char *lsan)
{
    pid_t pid = fork();
    if (pid != 0) return pid;
    if (lsan) setenv("LSAN_OPTIONS", lsan, 1);
    FILE *f = freopen(log, "w", stdout);
    if (f) dup2(fileno(stdout), 2);
    execvp(argv[0], argv);
    _exit(127);
}

/* Wait up to ms for pid to exit; returns its exit status, or -1 if it is still running. */
static int wait_exit(pid_t pid, int ms)
{
    int status;
    for (int t = 0; t <= ms; t += 50, pause_ms(50))
        if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    return -1;
}

static int run(const char *cmd)
{
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* The first line a command prints. */
static int output_of(const char *cmd, char *out, size_t cap)
{
    FILE *p = popen(cmd, "r");
    if (!p) return -1;
    out[0] = 0;
    if (!fgets(out, (int)cap, p)) out[0] = 0;
    out[strcspn(out, "\n")] = 0;
    return pclose(p) == 0 && out[0] ? 0 : -1;
}

static int load(const char *path, Image *img)
{
    GbError err;
    if (image_read_png(path, img, &err) == 0) return 0;
    CHECK(0, "%s", err.msg);
    return -1;
}

static void window_test(const char *gb, const char *dir, const char *model)
{
    char window_png[512], keys_png[512], headless_png[512], initial_png[512], log[512];
    snprintf(window_png, sizeof window_png, "%s/window.png", dir);
    snprintf(keys_png, sizeof keys_png, "%s/window-keys.png", dir);
    snprintf(headless_png, sizeof headless_png, "%s/headless.png", dir);
    snprintf(initial_png, sizeof initial_png, "%s/initial.png", dir);
    snprintf(log, sizeof log, "%s/glassbox.log", dir);
    const char *keys_x = "space space space space space Left Left 3";
    const char *keys_sdl = "Space Space Space Space Space Left Left 3";

    /* --settings none: the user's settings stay untouched, and no first-run screen covers the panels. */
    char *const view[] = {(char *)gb, "view", "--model", (char *)model, "--size", "960x540", "--screenshot",
                          window_png, "--settings", "none", NULL};
    /* Under AddressSanitizer, the window's process does not check for leaks: SDL loads system
     * libraries for X11, D-Bus and OpenGL and unloads them at exit, and what they keep shows up as
     * leaks in unknown modules that no suppression can name. The headless runs below and the
     * in-process viewer tests draw through the same code and are checked. */
    pid_t pid = spawn(view, log, "detect_leaks=0");
    char id[64], cmd[4096];
    int found = output_of("timeout 20 xdotool search --sync --onlyvisible --name '^glassbox$' 2>/dev/null", id, sizeof id) == 0;
    CHECK(found, "a window named glassbox opens (see %s)", log);
    if (found) {
        /* The pointer off the window (no hover), the keyboard on it, then real key presses. */
        snprintf(cmd, sizeof cmd, "xdotool mousemove 1599 899 && xdotool windowfocus --sync %s && "
                 "xdotool key --delay 150 %s && xdotool key s", id, keys_x);
        CHECK(run(cmd) == 0, "xdotool sends the keys");
        CHECK(wait_for(window_png, 15000), "S saves the screenshot %s", window_png);
        CHECK(rename(window_png, keys_png) == 0, "keep it as %s", keys_png);
        /* F fills the screen (1600 x 900), Esc gives the window back its size. */
        const char *const fullscreen[2][2] = {{"f", "1600 x 900"}, {"Escape", "960 x 540"}};
        for (int i = 0; i < 2; i++) {
            snprintf(cmd, sizeof cmd, "xdotool key %s && sleep 1 && xdotool key s", fullscreen[i][0]);
            Image img = {0, 0, NULL};
            GbError err;
            char size[32] = "no screenshot";
            if (run(cmd) == 0 && wait_for(window_png, 15000) && image_read_png(window_png, &img, &err) == 0)
                snprintf(size, sizeof size, "%d x %d", img.w, img.h);
            CHECK(strcmp(size, fullscreen[i][1]) == 0, "after %s the window is %s (got %s)", fullscreen[i][0],
                  fullscreen[i][1], size);
            image_free(&img);
            unlink(window_png);
        }
        CHECK(run("xdotool key ctrl+q") == 0, "xdotool sends Ctrl+Q");
    }
    int rc = wait_exit(pid, 10000);
    CHECK(rc == 0, "the viewer quits with status 0 on Ctrl+Q (got %d)", rc);
    if (rc < 0) { kill(pid, SIGKILL); waitpid(pid, NULL, 0); }

    snprintf(cmd, sizeof cmd, "%s view --headless --model %s --size 960x540 --keys '%s' --screenshot %s", gb, model,
             keys_sdl, headless_png);
    CHECK(run(cmd) == 0, "the same keys, headless");
    snprintf(cmd, sizeof cmd, "%s view --headless --model %s --size 960x540 --screenshot %s", gb, model, initial_png);
    CHECK(run(cmd) == 0, "the state before the keys, headless");

    Image window, headless, initial;
    if (!found || load(keys_png, &window)) return;
    if (load(headless_png, &headless) == 0) {
        ImageDiff d;
        Image diff;
        int match = image_compare(&headless, &window, 8, 0.005, &d, &diff);
        printf("window vs headless: %d x %d, %ld pixels differ by more than 8 (%.3f%%), largest %d\n", window.w,
               window.h, d.over, 100 * d.fraction, d.max_diff);
        if (!match && diff.rgb) {
            GbError err;
            char path[600];
            snprintf(path, sizeof path, "%s/window-diff.png", dir);
            image_write_png(path, &diff, &err);
        }
        CHECK(match, "the window's screenshot matches the headless render (%.3f%% differ; kept in %s)",
              100 * d.fraction, dir);
        image_free(&diff);
        image_free(&headless);
    }
    if (load(initial_png, &initial) == 0) {
        ImageDiff d;
        CHECK(!image_compare(&initial, &window, 8, 0.005, &d, NULL), "the keys changed what the window shows "
              "(%.1f%% of pixels)", 100 * d.fraction);
        image_free(&initial);
    }
    image_free(&window);
}

int main(void)
{
    if (run("command -v Xvfb >/dev/null && command -v xdotool >/dev/null") != 0) {
        CHECK(0, "Xvfb and xdotool are needed for the window test (hint: make deps installs them)");
        return check_report("test_viz_window");
    }
    const char *build = getenv("BUILD");
    char gb[512];
    snprintf(gb, sizeof gb, "%s/glassbox", build && *build ? build : "build");
    char dir[] = "/tmp/glassbox-viz-window-XXXXXX", model[128];
    GbError err;
    if (!mkdtemp(dir)) { CHECK(0, "temporary folder"); return check_report("test_viz_window"); }
    snprintf(model, sizeof model, "%s/model", dir);
    int ok = mkdir(model, 0755) == 0 && viz_make_model(model, 64, &err) == 0;
    CHECK(ok, "make the test model: %s", ok ? "" : err.msg);

    /* A free display number, and Xvfb on it. */
    int display = -1;
    char socket_path[64], lock[64];
    for (int n = 90; n < 200 && display < 0; n++) {
        snprintf(socket_path, sizeof socket_path, "/tmp/.X11-unix/X%d", n);
        snprintf(lock, sizeof lock, "/tmp/.X%d-lock", n);
        if (!exists(socket_path) && !exists(lock)) display = n;
    }
    char name[16], xlog[600];
    snprintf(name, sizeof name, ":%d", display);
    snprintf(xlog, sizeof xlog, "%s/xvfb.log", dir);
    char *const xvfb[] = {"Xvfb", name, "-screen", "0", "1600x900x24", "-nolisten", "tcp", NULL};
    pid_t x = ok && display >= 0 ? spawn(xvfb, xlog, NULL) : -1;
    int up = x > 0 && wait_for(socket_path, 10000);
    CHECK(up, "Xvfb starts on display %s (see %s)", name, xlog);
    if (up) {
        setenv("DISPLAY", name, 1);
        window_test(gb, dir, model);
    }
    if (x > 0) {
        kill(x, SIGTERM);
        if (wait_exit(x, 5000) < 0) { kill(x, SIGKILL); waitpid(x, NULL, 0); }
    }
    if (check_failed == 0) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        if (run(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    }
    return check_report("test_viz_window");
}
