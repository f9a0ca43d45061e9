#ifndef HIPFORM_CSERIALBAUD_H
#define HIPFORM_CSERIALBAUD_H

/// Sets an arbitrary baud rate on a tty with termios2 (BOTHER).
///
/// glibc's <termios.h> cannot express rates without a B-constant, and
/// <asm/termbits.h>, which can, clashes with it; so this lives alone in its
/// own C file. Returns 0, or -1 with errno set.
int hipform_set_custom_baud(int fd, unsigned int rate);

#endif
