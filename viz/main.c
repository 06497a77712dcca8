/* main.c — the glassbox program: dispatches to a subcommand; with none, opens the viewer on the
 * classroom model. */
#include "cli.h"
#include "view.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} Command;

static const Command commands[] = {
    {"generate", cli_generate, "continue a prompt, token by token (--json for probabilities)"},
    {"tokenize", cli_tokenize, "show how text is split into tokens, with ids and byte spans"},
    {"trace", cli_trace, "record everything the model computes while generating, as JSON"},
    {"train", cli_train, "train a model on a text file (tokenizer, then weights)"},
    {"bench", cli_bench, "measure decode speed and memory bandwidth"},
    {"view", viz_view, "the viewer: tokens, attention, neighbours, probabilities (--headless: PNG)"},
    {"lesson", viz_lesson, "play a guided lesson (--headless: every page, its checks, screenshots)"},
};

static void usage(FILE *f)
{
    fprintf(f, "glassbox %s — a language model you can see through\n\n"
               "usage: glassbox                       open the viewer on the classroom model\n"
               "       glassbox <command> [options]   (glassbox <command> --help for each)\n\n",
            GB_VERSION);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nexample: glassbox generate --model DIR --prompt \"The cat sat on the\" --steps 5\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) return viz_view(0, argv + 1);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("glassbox %s\n", GB_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0) return commands[i].run(argc - 2, argv + 2);
    fprintf(stderr, "glassbox: unknown command '%s' (hint: glassbox --help lists the commands)\n", argv[1]);
    return 2;
}
