# Sourced by scripts/demo and scripts/test: `narrate_venv [tests]` makes .venv beside this
# folder, installs narrate (and with `tests`, the test extras) when missing or when
# pyproject.toml or constraints.txt changed since, and activates it.
# These are the README's two install lines (tests/test_setup_scripts.py keeps them the same).
INSTALL='python -m pip install -U pip && pip install -c constraints.txt -e .'
INSTALL_TESTS='pip install -c constraints.txt -e ".[test]"'

narrate_venv() {
    local root python want
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    python="${NARRATE_PYTHON:-python3}"
    if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "narrate needs Python 3.11 or later: $python is $("$python" -V 2>&1)" \
            "(set NARRATE_PYTHON to another)" >&2
        return 1
    fi
    [ -x "$root/.venv/bin/python" ] || "$python" -m venv "$root/.venv" || return 1
    # shellcheck disable=SC1091
    . "$root/.venv/bin/activate"
    want="$(cat "$root/pyproject.toml" "$root/constraints.txt" | sha256sum | cut -d' ' -f1)"
    _narrate_install "$root" narrate "$want" "$INSTALL" || return 1
    if [ "${1:-}" = tests ]; then
        _narrate_install "$root" "the test extras" "$want" "$INSTALL_TESTS" || return 1
    fi
}

_narrate_install() {  # root, what, wanted stamp, command: run the command unless done already
    local stamp="$1/.venv/installed-${2// /-}"
    [ "$(cat "$stamp" 2>/dev/null)" = "$3" ] && return 0
    echo "Installing $2 into .venv ..." >&2
    (cd "$1" && export PIP_QUIET=2 && eval "$4") || return 1
    echo "$3" > "$stamp"
}
