# Sourced by scripts/demo and scripts/test: .venv beside this folder, made and filled when
# missing or when pyproject.toml or constraints.txt changed since, then activated.
# INSTALL is the README's install command (tests/test_setup_scripts.py keeps them one).
INSTALL='python -m pip install -U pip && pip install -c constraints.txt -e ".[test]"'

narrate_venv() {
    local root python stamp want
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
    stamp="$root/.venv/narrate-installed"
    want="$(cat "$root/pyproject.toml" "$root/constraints.txt" | sha256sum | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        echo "Installing narrate and its extras into .venv ..." >&2
        (cd "$root" && export PIP_QUIET=2 && eval "$INSTALL") || return 1
        echo "$want" > "$stamp"
    fi
}
