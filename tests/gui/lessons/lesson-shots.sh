#!/bin/sh
# Screenshots of every built-in lesson's steps (each once its checks are green, the failure it teaches included), in
# normal mode at the default size and in presenter mode at 1280x720 (150% and 200%), for trainers and for review.
# Not part of ctest (about a minute per set). Usage: tests/gui/lessons/lesson-shots.sh [build dir] [out dir]
set -eu
build=${1:-build/dev}
out=${2:-/tmp/shots-presenter}
test="$build/tests/gui/lessons/test_lessonsdock"
export QT_QPA_PLATFORM=offscreen
IDEX_LESSON_SHOTS="$out/normal" "$test" everyBuiltInLessonTurnsGreen >"$out/normal.log" 2>&1
IDEX_LESSON_SHOTS="$out/presenter150" IDEX_LESSON_SHOTS_SIZE=1280x720 IDEX_LESSON_PRESENTER=1.5 \
    "$test" everyBuiltInLessonTurnsGreen >"$out/presenter150.log" 2>&1
IDEX_LESSON_SHOTS="$out/presenter200" IDEX_LESSON_SHOTS_SIZE=1280x720 IDEX_LESSON_PRESENTER=2 \
    "$test" everyBuiltInLessonTurnsGreen >"$out/presenter200.log" 2>&1
echo "screenshots in $out/normal, $out/presenter150, $out/presenter200"
