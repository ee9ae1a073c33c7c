#!/bin/sh
# Makes the demo's recordings (server/demo/files/*.ogg): the opening of three demo stories, said by espeak-ng and
# kept as small Ogg Vorbis files (16 kHz mono, lowest quality, about 3 KB a second) with sox. Run once, by hand.
set -eu
cd "$(dirname "$0")/../server/demo/files"
say() { # file voice speed words
  espeak-ng -v "$2" -s "$3" -w "$1.wav" "$4"
  sox "$1.wav" -r 16000 -c 1 -C 0 "$1.ogg"
  rm "$1.wav"
}
say damp en-gb+f3 150 "It was the back bedroom, the kids' room. Every winter the wall behind the bunk beds went black with mould. I'd bleach it, it'd come back. I rang the repairs line that many times I knew the hold music off by heart."
say tuesdays en-gb+f4 140 "After Ron died there were days I didn't speak to anyone. I mean that. I'd have the television on for the voices. My son's down south and he rings on a Sunday, but that's Sunday."
say ashamed en-gb+f2 145 "I've worked all my life. Cleaning, mostly, and school dinners for a while. So when my hours got cut and I had to go to the food bank I didn't tell anybody. Not even my sister."
