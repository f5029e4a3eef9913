"""Compare prose diff approaches on generated text: 300, 5k and 50k words.

    .venv/bin/python bench/diff_engines.py [--sizes 300,5000,50000] [--repeat 3]
    .venv/bin/python bench/diff_engines.py --versus 15   # ours vs paras-fast-dmp only

The text is made up, deterministically (seeded random over our own word list):
paragraphs of 40-110 words, then B = A with ~5% of the words replaced,
inserted or deleted, one paragraph moved, one added and one dropped.

Engines (optional ones are skipped when not installed):
    difflib-words        SequenceMatcher on all word tokens (autojunk=True, the default)
    difflib-words-nojunk SequenceMatcher on all word tokens, autojunk=False
    difflib-paras        SequenceMatcher on paragraphs, then on words of replaced pairs
    postwright           posts.textkit.diff.diff_texts (what we ship)
    dmp-words            diff-match-patch (pure Python), words mapped to characters
    fast-dmp-words       fast-diff-match-patch (C++), words mapped to characters
    paras-fast-dmp       the best-known approach for prose: paragraphs aligned by
                         SequenceMatcher, then fast-diff-match-patch on the words of
                         each replaced pair (by position), spans decoded to text
                         as a page needs them; no moves, no punctuation folding
    linear-control       tokenizing only: the ratio plainly linear work shows here

"marked" is how many word tokens each engine highlights (deleted + inserted); the
edit script touches about 2 x 5% of the words plus the moved/added/dropped
paragraphs, so much more than that means a coarse diff. "moved" says whether
the moved paragraph came out as a move.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from posts.textkit.diff import diff_texts, paragraphs, tokens  # noqa: E402

try:
    import diff_match_patch as dmp_module
except ImportError:
    dmp_module = None
try:
    import fast_diff_match_patch as fast_dmp
except ImportError:
    fast_dmp = None

WORDS = [
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "so",
    "of",
    "to",
    "in",
    "on",
    "for",
    "with",
    "at",
    "by",
    "from",
    "about",
    "into",
    "over",
    "after",
    "before",
    "under",
    "between",
    "through",
    "we",
    "you",
    "they",
    "it",
    "this",
    "that",
    "these",
    "those",
    "our",
    "your",
    "their",
    "my",
    "post",
    "series",
    "draft",
    "write",
    "writer",
    "reader",
    "words",
    "word",
    "sentence",
    "paragraph",
    "idea",
    "story",
    "hook",
    "voice",
    "tone",
    "rules",
    "habit",
    "habits",
    "compost",
    "garden",
    "soil",
    "week",
    "day",
    "morning",
    "evening",
    "team",
    "project",
    "launch",
    "feedback",
    "review",
    "edit",
    "rewrite",
    "publish",
    "share",
    "comment",
    "thread",
    "platform",
    "audience",
    "growth",
    "lesson",
    "mistake",
    "question",
    "answer",
    "problem",
    "fix",
    "start",
    "end",
    "middle",
    "first",
    "last",
    "next",
    "better",
    "worse",
    "simple",
    "clear",
    "short",
    "long",
    "quick",
    "slow",
    "small",
    "big",
    "new",
    "old",
    "good",
    "bad",
    "honest",
    "useful",
    "real",
    "hard",
    "easy",
    "learn",
    "teach",
    "build",
    "ship",
    "test",
    "measure",
    "read",
    "keep",
    "drop",
    "move",
    "change",
    "try",
    "fail",
    "win",
    "because",
    "when",
    "while",
    "if",
    "then",
    "never",
    "always",
    "often",
    "sometimes",
    "maybe",
    "really",
    "just",
    "don't",
    "can't",
    "it's",
    "we're",
    "you'll",
    "hands-on",
    "follow-up",
    "long-term",
]
PUNCT = [",", ",", ";", " —", ":"]


def make_paragraph(rnd: random.Random, n_words: int) -> str:
    out, sentence = [], 0
    for k in range(n_words):
        word = rnd.choice(WORDS)
        if sentence == 0:
            word = word[:1].upper() + word[1:]
        sentence += 1
        end = k == n_words - 1 or (sentence > 6 and rnd.random() < 0.15)
        if end:
            word += rnd.choice([".", ".", ".", "?", "!"])
            sentence = 0
        elif rnd.random() < 0.06:
            word += rnd.choice(PUNCT)
        out.append(word)
    return " ".join(out).replace(" —", "—", 1)


def make_pair(total_words: int, seed: int = 42) -> tuple[str, str]:
    rnd = random.Random(seed)
    paras, words = [], 0
    while words < total_words:
        n = min(rnd.randint(40, 110), max(total_words - words, 5))
        paras.append(make_paragraph(rnd, n))
        words += n
    edited = []
    for p in paras:
        ws = p.split(" ")
        out = []
        for w in ws:
            roll = rnd.random()
            if roll < 0.02:
                out.append(rnd.choice(WORDS))  # replaced
            elif roll < 0.035:
                out.extend([w, rnd.choice(WORDS)])  # inserted after
            elif roll < 0.05 and len(ws) > 1:
                continue  # deleted
            else:
                out.append(w)
        edited.append(" ".join(out))
    if len(edited) >= 4:
        moving = edited.pop(1)
        edited.insert(len(edited) - 1, moving)  # moved near the end
        edited.pop(len(edited) // 2)  # dropped
    edited.insert(len(edited) // 3, make_paragraph(rnd, 60))  # added
    return "\n\n".join(paras) + "\n", "\n\n".join(edited) + "\n"


def _marked_from_opcodes(ops, ta, tb) -> int:
    return sum((i2 - i1) + (j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")


def difflib_words(a: str, b: str, autojunk: bool = True):
    ta, tb = tokens(a), tokens(b)
    ka, kb = [t.rstrip() for t in ta], [t.rstrip() for t in tb]
    ops = SequenceMatcher(None, ka, kb, autojunk=autojunk).get_opcodes()
    return _marked_from_opcodes(ops, ka, kb), False


def difflib_paras(a: str, b: str):
    pa, pb = paragraphs(a), paragraphs(b)
    marked = 0
    for tag, i1, i2, j1, j2 in SequenceMatcher(
        None, pa, pb, autojunk=False
    ).get_opcodes():
        if tag == "equal":
            continue
        left, right = pa[i1:i2], pb[j1:j2]
        for k in range(max(len(left), len(right))):
            x = left[k] if k < len(left) else ""
            y = right[k] if k < len(right) else ""
            m, _ = difflib_words(x, y, autojunk=False)
            marked += m
    return marked, False


def postwright(a: str, b: str):
    d = diff_texts(a, b)
    marked = 0
    for row in d.rows:
        for span in row.left_spans + row.right_spans:
            if span.kind != "equal" and row.kind != "moved":
                marked += len(tokens(span.text))
    return marked, any(row.kind == "moved" for row in d.rows)


def _words_as_chars(a: str, b: str) -> tuple[str, str]:
    codes: dict[str, str] = {}

    def encode(text: str) -> str:
        return "".join(
            codes.setdefault(t.rstrip(), chr(0x100 + len(codes))) for t in tokens(text)
        )

    return encode(a), encode(b)


def dmp_words(a: str, b: str):
    ca, cb = _words_as_chars(a, b)
    engine = dmp_module.diff_match_patch()
    engine.Diff_Timeout = 0  # no time limit: compare the algorithm, not the cut-off
    diffs = engine.diff_main(ca, cb, False)
    engine.diff_cleanupSemantic(diffs)
    return sum(len(text) for op, text in diffs if op != 0), False


def fast_dmp_words(a: str, b: str):
    ca, cb = _words_as_chars(a, b)
    diffs = fast_dmp.diff(
        ca, cb, timelimit=0, checklines=False, cleanup="Semantic", counts_only=True
    )
    return sum(n for op, n in diffs if op != "="), False


def paras_fast_dmp(a: str, b: str):
    pa, pb = paragraphs(a), paragraphs(b)
    marked = 0
    for tag, i1, i2, j1, j2 in SequenceMatcher(
        None, pa, pb, autojunk=False
    ).get_opcodes():
        if tag == "equal":
            continue
        left, right = pa[i1:i2], pb[j1:j2]
        for k in range(max(len(left), len(right))):
            ta = tokens(left[k]) if k < len(left) else []
            tb = tokens(right[k]) if k < len(right) else []
            codes: dict[str, str] = {}
            ca = "".join(
                codes.setdefault(t.rstrip(), chr(0x100 + len(codes))) for t in ta
            )
            cb = "".join(
                codes.setdefault(t.rstrip(), chr(0x100 + len(codes))) for t in tb
            )
            diffs = fast_dmp.diff(
                ca,
                cb,
                timelimit=0,
                checklines=False,
                cleanup="Semantic",
                counts_only=True,
            )
            spans: list[tuple[str, str]] = []
            i = j = 0
            for op, n in diffs:
                if op == "=":
                    spans.append(("equal", "".join(ta[i : i + n])))
                    i, j = i + n, j + n
                elif op == "-":
                    spans.append(("delete", "".join(ta[i : i + n])))
                    i, marked = i + n, marked + n
                else:
                    spans.append(("insert", "".join(tb[j : j + n])))
                    j, marked = j + n, marked + n
    return marked, False


def linear_control(a: str, b: str):
    """Only tokenizes both texts: plainly linear work. Its ratio shows what
    "linear" measures as on this machine (caches, other processes)."""
    return len(tokens(a)) + len(tokens(b)), False


ENGINES = {
    "linear-control": linear_control,
    "difflib-words": difflib_words,
    "difflib-words-nojunk": lambda a, b: difflib_words(a, b, autojunk=False),
    "difflib-paras": difflib_paras,
    "postwright": postwright,
}
if dmp_module:
    ENGINES["dmp-words"] = dmp_words
if fast_dmp:
    ENGINES["fast-dmp-words"] = fast_dmp_words
    ENGINES["paras-fast-dmp"] = paras_fast_dmp


def measure(engine, a: str, b: str, repeat: int) -> tuple[float, int, bool]:
    """Best CPU time of `repeat` runs (CPU, not wall: the machine is shared)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        marked, moved = engine(a, b)
        best = min(best, time.process_time() - start)
        if best > 5:  # slow enough that more runs teach nothing
            break
    return best, marked, moved


def versus(pairs: dict[int, tuple[str, str]], rounds: int) -> None:
    """postwright against paras-fast-dmp: CPU time, interleaved (the order
    flips every round), medians; what issue #16's "<= 1.0x" is measured by."""
    for n, (a, b) in pairs.items():
        inner = 20 if n <= 1000 else 1
        times: dict[str, list[float]] = {"postwright": [], "paras-fast-dmp": []}
        for r in range(rounds if n < 50_000 else max(5, rounds // 2)):
            names = list(times) if r % 2 == 0 else list(reversed(times))
            for name in names:
                engine = ENGINES[name]
                start = time.process_time()
                for _ in range(inner):
                    engine(a, b)
                times[name].append((time.process_time() - start) / inner)
        ours, ref = times["postwright"], times["paras-fast-dmp"]
        ratio = statistics.median(o / x for o, x in zip(ours, ref, strict=True))
        print(
            f"{n:>6} words: postwright {statistics.median(ours) * 1000:7.2f} ms, "
            f"paras-fast-dmp {statistics.median(ref) * 1000:7.2f} ms, {ratio:.2f}x",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300,5000,50000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--versus",
        type=int,
        metavar="ROUNDS",
        help="only postwright vs paras-fast-dmp, medians of ROUNDS interleaved runs",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    pairs = {n: make_pair(n) for n in sizes}
    if args.versus:
        if not fast_dmp:
            parser.error("--versus needs fast-diff-match-patch")
        versus(pairs, args.versus)
        return
    head = f"{'engine':<22}" + "".join(f"{f'{n} words':>16}" for n in sizes)
    if len(sizes) >= 2:
        head += f"{f'x {sizes[-1]}/{sizes[-2]}':>14}"
    print(head + f"{'marked@' + str(sizes[-1]):>14}{'moved':>7}")
    for name, engine in ENGINES.items():
        times, marked, moved = [], 0, False
        for n in sizes:
            seconds, marked, moved = measure(engine, *pairs[n], args.repeat)
            times.append(seconds)
        line = f"{name:<22}" + "".join(f"{t * 1000:>13.1f} ms" for t in times)
        if len(times) >= 2:
            line += f"{times[-1] / times[-2]:>14.1f}"
        print(line + f"{marked:>14}{'yes' if moved else 'no':>7}", flush=True)


if __name__ == "__main__":
    main()
