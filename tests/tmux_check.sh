#!/usr/bin/env bash
# Usability check in a real terminal: start the TUI in tmux, press keys as a person would, read the pane.
#   tests/tmux_check.sh            (uses .venv/bin/python, or $PYTHON)
# Builds a throw-away project with two Chinese transcripts, opens S01_pre, codes segment 4 with its key
# (f = 家庭支持), checks the pane shows it, goes to turn 2 by typing its number, undoes and redoes the coding
# (said in Chinese words), quits with ctrl+q and checks the database kept the coding.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-$REPO/.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON="$(command -v python3)"
command -v tmux >/dev/null || { echo "SKIP: tmux is not installed"; exit 0; }
WORK="$(mktemp -d)"
SESSION="qualcode-check-$$"
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$WORK"' EXIT
export PYTHONPATH="$REPO${PYTHONPATH:+:$PYTHONPATH}"

"$PYTHON" - "$WORK/study" <<'PY'
import sys
from pathlib import Path
from qualcode.app.api import sync_codes
from qualcode.app.project import init_project
sys.path.insert(0, str(Path.cwd()))
from tests.tui_fixtures import import_transcripts
project = init_project(sys.argv[1])
sync_codes(project)
import_transcripts(project, Path(sys.argv[1]) / "transcripts")
project.close()
PY

fail() { echo "FAIL: $1"; echo "---- pane ----"; tmux capture-pane -p -t "$SESSION" || true; exit 1; }
wait_for() {  # wait_for TEXT [seconds]
  local deadline=$((SECONDS + ${2:-10}))
  until tmux capture-pane -p -t "$SESSION" | grep -qF -- "$1"; do
    [ $SECONDS -lt $deadline ] || fail "'$1' did not appear"
    sleep 0.2
  done
}

cd "$REPO"
tmux new-session -d -s "$SESSION" -x 100 -y 30 \
  "$PYTHON -m qualcode --project '$WORK/study' --coder tester tui --lang zh; echo EXITED; sleep 30"
wait_for "S01_pre"
wait_for "已审阅"                       # the Chinese column header of the progress bar
echo "ok: home screen lists the documents in Chinese"
tmux send-keys -t "$SESSION" Enter
wait_for "我妈妈一直鼓励我"
wait_for "第 1/6 段"
echo "ok: the transcript opens with CJK text and the status line"
tmux send-keys -t "$SESSION" j j j
wait_for "第 4/6 段"
tmux send-keys -t "$SESSION" f
wait_for "■家庭支持"
echo "ok: the code key coded segment 4 (status line shows 家庭支持)"
wait_for "F9侧栏"                        # the function keys are in the key line
tmux send-keys -t "$SESSION" 2
wait_for "跳到第几段"
tmux send-keys -t "$SESSION" Enter
wait_for "第 2/6 段"
echo "ok: a digit opens 'go to turn' and Enter goes there"
tmux send-keys -t "$SESSION" u
wait_for "已撤销：编码「家庭支持」（S01_pre 第 4 段）"
tmux send-keys -t "$SESSION" C-r
wait_for "已重做：编码「家庭支持」"
echo "ok: undo and redo are said in words, in Chinese"
tmux send-keys -t "$SESSION" C-q
wait_for "EXITED"
echo "ok: ctrl+q quit"

"$PYTHON" - "$WORK/study" <<'PY'
import sys
from qualcode.app.project import open_project
from qualcode.storage import repository as repo
with open_project(sys.argv[1]) as project:
    codings = repo.list_codings(project.conn)
    found = [(c.code_id, c.coder) for c in codings]
    assert found == [("PF_FAMILY", "tester")], found
print("ok: the database holds the coding by coder 'tester'")
PY
echo "PASS"
