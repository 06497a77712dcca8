/* view.h — the `glassbox view` command (the viewer; the rest of the commands are in ref/cli.h). */
#ifndef GB_VIEW_H
#define GB_VIEW_H

#include "cli.h"

/* glassbox view [options]: see `glassbox view --help`. Returns the exit status. */
int viz_view(int argc, char **argv);
/* glassbox lesson FILE [options]: play a lesson in the viewer, or headless through every page,
 * checking its claims (see `glassbox lesson --help`). */
int viz_lesson(int argc, char **argv);

#endif
