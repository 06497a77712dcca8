/* codetags.c — see codetags.h. */
#include "codetags.h"

#include <string.h>

const CodeSpec code_specs[] = {
    {0, GPT_EV_TOKENS, "tokenizer.c", "bpe_piece", {"one symbol per byte", "lowest rank", "merge", NULL}},
    {1, GPT_EV_ATTN, NULL, NULL, {"scale", "mask", "score", "softmax", "weighted sum", NULL}},
    {2, GPT_EV_PROBS, "sampler.c", "sampler_distribution", {"temperature", "softmax", "top-k", "top-p", "renormalise", NULL}},
    {2, GPT_EV_SAMPLE, "sampler.c", "sampler_draw", {"uniform number", "running total", "lands here", NULL}},
    {3, GPT_EV_EMBED, NULL, NULL, {"token row", "position row", "sum", NULL}},
    {4, GPT_EV_LOGITS, NULL, NULL, {"attention adds", "MLP adds", "final LayerNorm", "LM head", NULL}},
};
const int code_spec_count = (int)(sizeof code_specs / sizeof code_specs[0]);

int code_tag_known(int picture, const char *tag)
{
    for (int i = 0; i < code_spec_count; i++)
        for (int k = 0; code_specs[i].picture == picture && code_specs[i].tags[k]; k++)
            if (strcmp(code_specs[i].tags[k], tag) == 0) return 1;
    return 0;
}
