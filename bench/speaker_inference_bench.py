"""What speaker inference costs: parsing with inference on, against the same text with it off.

Two generated transcripts of about 800,000 characters each: one with labels the built-in list knows
(访谈者/受访者, where inference only confirms there is nothing to add) and one with first names
(Mary/Tom, which only inference can split). Prints seconds for each and the ratio on/off.

    PYTHONPATH=. python bench/speaker_inference_bench.py [--turns 10000]
"""

from __future__ import annotations

import argparse
import time

from qualcode.core.transcript import TranscriptSettings, parse_text


def transcript(turns: int, interviewer: str, participant: str) -> str:
    lines = []
    for number in range(turns // 2):
        lines.append(f"{interviewer} How was your week, and what did you do after class number {number}?")
        lines.append(f"{participant} It was fine. I went to the robotics club and then home, and did my homework.")
    return "\n".join(lines)


def seconds(text: str, settings: TranscriptSettings) -> tuple[float, int]:
    started = time.perf_counter()
    parsed = parse_text(text, settings=settings, source_name="bench.txt")
    return time.perf_counter() - started, len(parsed.turns)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=10_000)
    turns = parser.parse_args().turns
    for label, text in (("built-in labels (访谈者/受访者)", transcript(turns, "访谈者：", "受访者：")),
                        ("first names (Mary/Tom)", transcript(turns, "Mary:", "Tom:"))):
        on, on_turns = seconds(text, TranscriptSettings())
        off, off_turns = seconds(text, TranscriptSettings(infer_speakers=False))
        print(f"{label}: {len(text):,} characters; inference on {on:.3f} s ({on_turns} turns), "
              f"off {off:.3f} s ({off_turns} turns), ratio {on / off:.2f}")


if __name__ == "__main__":
    main()
