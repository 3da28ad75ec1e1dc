#!/bin/sh
# Sound is optional. Try to install simpleaudio (it builds from source and needs gcc and the ALSA
# headers); when it cannot be done, say so calmly and carry on: the companion works without sound.
PY="${1:-.venv/bin/python}"

if "$PY" -c "import simpleaudio" 2>/dev/null; then
    exit 0
fi

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
                 && $SUDO apt-get install -y -qq libasound2-dev >/dev/null 2>&1; }
    fi
fi

if ! have_headers; then
    echo "Sound will be off: the ALSA headers are not installed, and this account cannot install them."
    echo "Everything else works. To turn sound on later:"
    echo "    sudo apt-get install libasound2-dev gcc && make sound"
    exit 0
fi

if "$PY" -m pip install --quiet -e '.[sound]' >/dev/null 2>&1; then
    echo "Sound is on (simpleaudio installed)."
else
    echo "Sound will be off: simpleaudio could not be built (is gcc installed?). Everything else works."
    echo "To try again later:  make sound"
fi
exit 0
