#!/bin/sh
# A draft transcript with Debian's pocketsphinx: weak, English only, but local and quick to install
# (apt-get install pocketsphinx pocketsphinx-en-us sox). Hearth runs it as
#   HEARTH_TRANSCRIBE_COMMAND="/path/to/hearth/scripts/transcribe-pocketsphinx.sh {file} {language}"
# and keeps what it prints as the draft. {language} is the story's language code; with it left out, English is
# assumed. A recording in another language is refused (exit 2, one line on stderr, shown on the story page) rather
# than "heard" as English nonsense. pocketsphinx 0.8 reads 16 kHz mono 16-bit WAV only, so the recording is
# converted first: by sox (WAV, Ogg Vorbis, FLAC, MP3 where sox has it), or by ffmpeg when installed (a phone's
# WebM or M4A). Exit 127 means a program is missing; Hearth says so on the story page.
set -eu
in="$1"
language="${2:-en}"
code=$(printf '%s' "$language" | tr 'A-Z_' 'a-z-')
case "$code" in
  en | en-*) ;;
  *)
    case "$code" in
      es | es-*) name="Spanish ($language)" ;;
      fr | fr-*) name="French ($language)" ;;
      ar | ar-*) name="Arabic ($language)" ;;
      *) name="the language \"$language\"" ;;
    esac
    echo "transcribe-pocketsphinx.sh knows English only, and this recording is in $name: no draft was made." >&2
    exit 2
    ;;
esac
command -v pocketsphinx_continuous >/dev/null 2>&1 || { echo "pocketsphinx_continuous is not installed" >&2; exit 127; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if command -v sox >/dev/null 2>&1 && sox "$in" -r 16000 -c 1 -b 16 "$work/16k.wav" pad 0.3 0.3 2>"$work/sox.log"; then
  :
elif command -v ffmpeg >/dev/null 2>&1; then
  ffmpeg -nostdin -loglevel error -i "$in" -ar 16000 -ac 1 -c:a pcm_s16le "$work/16k.wav"
else
  echo "Cannot convert $(basename "$in") to 16 kHz WAV: install sox (and ffmpeg for WebM or M4A recordings)." >&2
  cat "$work/sox.log" >&2 2>/dev/null || true
  exit 127
fi
# The recogniser's log goes nowhere; each line it prints is what it heard in one stretch of speech.
pocketsphinx_continuous -infile "$work/16k.wav" -logfn /dev/null
