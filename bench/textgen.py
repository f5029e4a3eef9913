"""Deterministic made-up prose for the benchmark: seeded, our own word list.

Pure Python (no Django). The same seed always gives the same text, so two
runs of `make bench` measure the same work.

    >>> prose = Prose(seed=1)
    >>> text = prose.post(300)
    >>> text == Prose(seed=1).post(300)
    True
    >>> edited = prose.edit(text)  # ~5% of words changed, paragraphs moved/added/dropped

Posts look like what authors paste: paragraphs of 40-110 words, now and then
a heading, **bold** or *emphasis*, a list under its label, an "Additional
documents to read on this:" list with links, and a closing hashtag line.
"""

from __future__ import annotations

import random


def _vocabulary(words: str) -> list[str]:
    return words.split()


# Deliberately plain and varied: common function words (so word matching has
# to cope with repeats) and a domain vocabulary about writing and gardening.
FUNCTION_WORDS = _vocabulary(
    "the a an and or but so yet of to in on for with at by from about into over "
    "after before under between through without within we you they it this that "
    "these those our your their my its is are was were be been can will would "
    "should could may might must not no more most less very quite rather"
)
CONTENT_WORDS = _vocabulary(
    "post series draft writer reader words sentence paragraph idea story hook "
    "voice tone rhythm rule habit compost garden soil seed root harvest season "
    "week morning evening team project launch feedback review edit rewrite "
    "publish thread platform audience lesson mistake question answer problem "
    "pattern network layer signal noise model number example outline headline "
    "ending opening middle detail summary argument evidence claim point notebook "
    "deadline calendar coffee kitchen window river bridge mountain trail map "
    "compass lantern engine ladder garden-bed follow-up hands-on long-term "
    "first last next better simple clear short long quick slow small big new "
    "old honest useful real hard easy quiet loud careful bold gentle "
    "learn teach build ship test measure read keep drop move change try fail "
    "win plant water prune sketch draft trim polish share listen notice"
)
CONTRACTIONS = _vocabulary("don't can't it's we're you'll isn't that's they've")
PUNCTUATION = [",", ",", ",", ";", ":", " —"]
HASHTAGS = ["#Writing", "#Gardening", "#Habits", "#NeuralNetworks", "#AI", "#Craft"]


class Prose:
    """A seeded source of paragraphs, posts and edits."""

    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)

    def word(self) -> str:
        roll = self.rnd.random()
        if roll < 0.45:
            return self.rnd.choice(FUNCTION_WORDS)
        if roll < 0.97:
            return self.rnd.choice(CONTENT_WORDS)
        return self.rnd.choice(CONTRACTIONS)

    def paragraph(self, n_words: int) -> str:
        out: list[str] = []
        sentence = 0
        for k in range(n_words):
            word = self.word()
            if sentence == 0:
                word = word[:1].upper() + word[1:]
            sentence += 1
            if k == n_words - 1 or (sentence > 6 and self.rnd.random() < 0.14):
                word += self.rnd.choice([".", ".", ".", "?", "!"])
                sentence = 0
            elif self.rnd.random() < 0.06:
                word += self.rnd.choice(PUNCTUATION)
            elif self.rnd.random() < 0.02:
                word = f"**{word}**" if self.rnd.random() < 0.5 else f"*{word}*"
            out.append(word)
        return " ".join(out)

    def post(self, words: int) -> str:
        """Markdown of about `words` words (give or take a few)."""
        blocks: list[str] = []
        if words >= 1000:
            blocks.append("# " + self.paragraph(5).rstrip(".?!"))
        total = 0
        while total < words:
            n = min(self.rnd.randint(40, 110), max(words - total, 5))
            if words >= 1000 and self.rnd.random() < 0.08:
                blocks.append("## " + self.paragraph(4).rstrip(".?!"))
            if self.rnd.random() < 0.1 and n > 20:
                blocks.append(self._list_under_label(n))
            else:
                blocks.append(self.paragraph(n))
            total += n
        blocks.append(self._references())
        blocks.append(" ".join(self.rnd.sample(HASHTAGS, 3)))
        return "\n\n".join(blocks) + "\n"

    def _list_under_label(self, n_words: int) -> str:
        items = max(2, n_words // 12)
        label = self.paragraph(5).rstrip(".?!") + ":"
        lines = [
            f"- {self.paragraph(max(n_words // items - 1, 2))}" for _ in range(items)
        ]
        return label + "\n" + "\n".join(lines)

    def _references(self) -> str:
        lines = ["**Additional documents to read on this:**"]
        for k in range(self.rnd.randint(1, 3)):
            title = self.paragraph(4).rstrip(".?!")
            lines.append(
                f"- [{title}](https://example.org/notes/{self.rnd.randint(1, 999)}-{k})"
            )
        return "\n".join(lines)

    def edit(self, text: str, rate: float = 0.05, *, restructure: bool = True) -> str:
        """A second version of `text`: about `rate` of its words replaced,
        inserted or deleted; with restructure, one paragraph moved near the
        end, one dropped and one new one added (when there are enough)."""
        paragraphs = text.rstrip("\n").split("\n\n")
        edited: list[str] = []
        for paragraph in paragraphs:
            words = paragraph.split(" ")
            out: list[str] = []
            for word in words:
                roll = self.rnd.random()
                if roll < rate * 0.4:
                    out.append(self.word())  # replaced
                elif roll < rate * 0.7:
                    out.extend([word, self.word()])  # one inserted after
                elif (
                    roll < rate
                    and len(words) > 3
                    and not word.startswith(("#", "-", "["))
                ):
                    continue  # deleted
                else:
                    out.append(word)
            edited.append(" ".join(out))
        if restructure and len(edited) >= 6:
            moving = edited.pop(1)
            edited.insert(len(edited) - 2, moving)
            edited.pop(len(edited) // 2)
            edited.insert(len(edited) // 3, self.paragraph(60))
        return "\n\n".join(edited) + "\n"

    def draft_file(self, series: str, part: int, draft: int, words: int) -> str:
        """A generator-style Markdown file (front matter, body, scaffolding)."""
        front = (
            "---\n"
            "platform: linkedin\n"
            f'topic: "{series} Part {part}: {self.paragraph(4).rstrip(".?!")}"\n'
            f"series: {series}\n"
            f"part: {part}\n"
            f"draft_number: {draft}\n"
            "strategy: balanced\n"
            "generated: 2025-11-30\n"
            "---\n\n"
        )
        scaffolding = (
            f"\n---\n**Word Count:** {words} words\n\n**Voice Match Elements:**\n"
            '✅ "That is because" phrasing\n❌ Specific numbers\n'
        )
        return front + self.post(words) + scaffolding


def pair(words: int, seed: int) -> tuple[str, str]:
    """(A, B): a post and its edited second version, for the diff benchmarks."""
    prose = Prose(seed)
    a = prose.post(words)
    return a, prose.edit(a)
