#!/bin/sh
# Install exactly what uv.lock says into .venv: the companion, its dev tools and, where it can be
# built, sound. Sound is optional: simpleaudio builds from source (gcc and the ALSA headers); when it
# cannot be done, say so calmly and carry on: the companion works without sound.
set -eu
UV="${1:-.tools/bin/uv}"
PY="${2:-python3}"

have_headers() { [ -f /usr/include/alsa/asoundlib.h ]; }

if ! have_headers && command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        SUDO="none"
    fi
    if [ "$SUDO" != "none" ]; then
        echo "Installing the ALSA headers (libasound2-dev) so that sound can be built..."
        $SUDO apt-get install -y -qq libasound2-dev >/dev/null 2>&1 \
            || { $SUDO apt-get update -qq >/dev/null 2>&1 \
                 && $SUDO apt-get install -y -qq libasound2-dev >/dev/null 2>&1; } || true
    fi
fi

if have_headers && "$UV" sync --quiet --frozen --python "$PY" --extra dev --extra sound 2>/dev/null; then
    echo "Set up (sound is on)."
    exit 0
fi

"$UV" sync --quiet --frozen --python "$PY" --extra dev
if have_headers; then
    echo "Sound will be off: simpleaudio could not be built (is gcc installed?). Everything else works."
    echo "To try again later:  make sound"
else
    echo "Sound will be off: the ALSA headers are not installed, and this account cannot install them."
    echo "Everything else works. To turn sound on later:"
    echo "    sudo apt-get install libasound2-dev gcc && make sound"
fi
