#include "CSerialBaud.h"

#include <asm/ioctls.h>
#include <asm/termbits.h>
#include <sys/ioctl.h>

int hipform_set_custom_baud(int fd, unsigned int rate) {
  struct termios2 t;
  if (ioctl(fd, TCGETS2, &t) < 0) return -1;
  t.c_cflag &= ~CBAUD;
  t.c_cflag |= BOTHER;
  t.c_ispeed = rate;
  t.c_ospeed = rate;
  return ioctl(fd, TCSETS2, &t);
}
