// libumockdev for the USB emulator used by the tests; pkg-config gives the
// include paths (umockdev-1.0, GLib).
#include <umockdev.h>
