/* cli.h — glassbox's terminal commands. Each takes the arguments after its name and returns the
 * process exit status; errors are printed as "glassbox: <file>: <problem> (hint: ...)". None of
 * them needs a display. */
#ifndef GB_CLI_H
#define GB_CLI_H

#define GB_VERSION "0.1.0"
#define GB_DEFAULT_MODEL "assets/models/classroom"

int cli_generate(int argc, char **argv);
int cli_tokenize(int argc, char **argv);
int cli_trace(int argc, char **argv);
int cli_bench(int argc, char **argv);
int cli_train(int argc, char **argv);

/* Print "glassbox: <msg>" to stderr and return 1 (the exit status for errors). */
int cli_error(const char *msg);

#endif
