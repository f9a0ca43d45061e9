// The only C header the package reaches libusb through. Anything Swift cannot
// call directly (variadic functions, macros) gets a one-line static inline
// wrapper here, with a comment saying why.
#include <libusb.h>
