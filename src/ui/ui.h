/* ui.h — the interactive window: owns the SDL window, the input and the view state (zoom, pan,
 * selection, playhead, screen: timeline, course view, comparison, sweep plot); draws only through
 * the display list (the views' frames + overlays, rsdl_draw), redraws only when something
 * changed, and sleeps in SDL_WaitEvent while nothing moves (a sweep computes on its own thread). */
#ifndef UI_H
#define UI_H

/* Exit codes: the command line's 0 / 1 (internal) / 2 (bad input), plus 3 for a failed
 * `expect-status` in a --script run. */
enum { UI_OK = 0, UI_INTERNAL = 1, UI_BAD_INPUT = 2, UI_EXPECT_FAILED = 3 };

/* `schedlab [FILE] [--model M] [--set KEY=VALUE]... [--font PATH] [--lang en|fr] [--lecture]
 * [--script FILE] [--width W] [--height H] [--out-dir DIR] [--scale S]`: argv[0] is the program,
 * the rest are the window's arguments.
 * Runs until the window closes; returns an exit code above. */
int ui_main(int argc, char **argv);

#endif
