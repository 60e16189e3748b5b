#!/usr/bin/env bash
# Builds the offline kit: dist/gongkai-VERSION-PYTAG-PLATFORM.tar.gz (`make dist`).
#   deploy/build.sh PYTHON            for the Python running PYTHON and this machine's platform:
#                                     `pip wheel` builds any dependency published only as source
#   TARGET_PYTHON=3.12 TARGET_PLATFORM=manylinux_2_28_aarch64 deploy/build.sh PYTHON
#                                     for another Python or platform: only published wheels
#                                     (`pip download --only-binary=:all:`); fails if one is missing
# Contacts the package index (this machine's pip configuration); the kit then installs with none.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${1:-python3}

VERSION=$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
if [[ -n ${TARGET_PYTHON:-} || -n ${TARGET_PLATFORM:-} ]]; then
    : "${TARGET_PYTHON:?TARGET_PYTHON（例如 3.12）}" "${TARGET_PLATFORM:?TARGET_PLATFORM（例如 manylinux_2_28_x86_64）}"
    PYTAG=cp${TARGET_PYTHON/./}
    PLATFORM=$TARGET_PLATFORM
else
    PYTAG=$("$PY" -c 'import sys; print("cp%d%d" % sys.version_info[:2])')
    PLATFORM=$("$PY" -c 'import sysconfig; print(sysconfig.get_platform().replace("-", "_").replace(".", "_"))')
fi
NAME=gongkai-$VERSION-$PYTAG-$PLATFORM
STAGE=build/kit/$NAME
rm -rf "$STAGE"
mkdir -p "$STAGE/wheels" dist

echo "== the project's wheel"
"$PY" -m pip wheel --quiet --no-deps --wheel-dir "$STAGE/wheels" .
PROJECT_WHEEL=$(ls "$STAGE"/wheels/gongkai-"$VERSION"-*.whl)
echo "== every runtime dependency's wheel for $PYTAG $PLATFORM"
if [[ -n ${TARGET_PLATFORM:-} ]]; then
    # pip takes a platform tag literally: manylinux_2_36_x86_64 (Debian 12's glibc) must be
    # given with every older manylinux tag it can run, or wheels built for older glibc are missed.
    platforms=(--platform "$TARGET_PLATFORM")
    if [[ $TARGET_PLATFORM =~ ^manylinux_2_([0-9]+)_(.+)$ ]]; then
        arch=${BASH_REMATCH[2]}
        for ((minor = BASH_REMATCH[1] - 1; minor >= 5; minor--)); do
            platforms+=(--platform "manylinux_2_${minor}_$arch")
        done
        platforms+=(--platform "manylinux2014_$arch" --platform "manylinux2010_$arch" --platform "manylinux1_$arch")
    fi
    "$PY" -m pip download --quiet --only-binary=:all: --dest "$STAGE/wheels" \
        --python-version "$TARGET_PYTHON" --implementation cp "${platforms[@]}" \
        "$PROJECT_WHEEL"
else
    "$PY" -m pip wheel --quiet --wheel-dir "$STAGE/wheels" "$PROJECT_WHEEL"
fi

echo "== the installer, service units, nginx site, environment template"
cp deploy/install.sh deploy/gongkai.env.example deploy/debian-packages.txt "$STAGE/"
cp -R deploy/systemd deploy/nginx "$STAGE/"
cp deploy/KIT-README.md "$STAGE/README.md"
cp docs/operations.md "$STAGE/OPERATIONS.md"
echo "$VERSION" >"$STAGE/VERSION"
echo "$PYTAG" >"$STAGE/PYTHON_TAG"
echo "$PLATFORM" >"$STAGE/PLATFORM"
{
    echo "gongkai $VERSION, built $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(. /etc/os-release && echo "$PRETTY_NAME") $(uname -m)"
    echo "for: Python $PYTAG, platform $PLATFORM"
    echo "wheels:"
    (cd "$STAGE/wheels" && ls -1 | sed 's/^/  /')
} >"$STAGE/BUILD-INFO.txt"
(cd "$STAGE" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum >SHA256SUMS)
tar -czf "dist/$NAME.tar.gz" -C build/kit "$NAME"
echo "dist/$NAME.tar.gz"
