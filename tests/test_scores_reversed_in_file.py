"""RSCA answers whose reverse-scored items were already recoded in the file (QA round 29).

SPSS users often RECODE the reverse items into the same variables before passing the file on. `scores compute`
reversed them again: every factor score came out upside down, α dropped from 0.85 to -0.08, and the command
exited 0 with only the α lines to hint at it. Now a note says what the α figures show and what to do.
"""

from __future__ import annotations

import pandas as pd

from qualcode.analysis.questionnaire import load_scale

REVERSE = [1, 2, 5, 6, 9, 12, 15, 16, 17, 21, 26, 27]


def test_a_file_whose_reverse_items_were_recoded_already_is_named(sample_project, run_cli):
    root = sample_project.root
    assert sorted(load_scale("rsca").reverse) == REVERSE
    answers = pd.read_csv(root / "scores" / "rsca-sample.csv")
    for item in REVERSE:
        answers[f"RSCA{item}"] = 6 - answers[f"RSCA{item}"]
    recoded = root / "scores" / "recoded.csv"
    answers.to_csv(recoded, index=False)
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", recoded, "--out", root / "exports" / "r.csv",
                     cwd=root)
    assert result.exit_code == 0, result.err
    assert (f"{recoded}: the answers hang together as they are (α 0.85 over all items) but not once items "
            f"{', '.join(map(str, REVERSE))} are reverse-scored (α -0.08): were those items recoded in the file "
            "already?") in result.err

    plain = run_cli("scores", "compute", "--scale", "rsca", "--in", root / "scores" / "rsca-sample.csv",
                    "--out", root / "exports" / "s.csv", cwd=root)
    assert plain.exit_code == 0 and "hang together" not in plain.err
