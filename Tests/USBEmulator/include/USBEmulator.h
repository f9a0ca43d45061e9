// A USB sensor emulated under umockdev, for the libusb tests: the device
// exists in a umockdev testbed, libusb (through libumockdev-preload) opens it
// as a real usbfs node, and this handler answers its requests. Plain C types
// only, so Swift never sees GLib.
#ifndef HIPFORM_USB_EMULATOR_H
#define HIPFORM_USB_EMULATOR_H

#include <stddef.h>
#include <stdint.h>

typedef struct usb_emulator usb_emulator;

/// What the bulk IN endpoint does once every fed byte has been delivered.
typedef enum {
  /// Hold IN requests until more bytes are fed (a real device NAKs).
  usb_emulator_when_drained_wait = 0,
  /// Unplug: fail requests with ENODEV and send the remove uevent.
  usb_emulator_when_drained_unplug = 1,
} usb_emulator_drained_action;

/// Whether the process runs with libumockdev-preload (LD_PRELOAD).
int usb_emulator_available(void);

/// A new, empty testbed; sets UMOCKDEV_DIR for this process and children.
usb_emulator *usb_emulator_new(void);

/// Adds devices from umockdev's text format and answers usbfs requests for
/// `devnode` (e.g. /dev/bus/usb/001/002; NULL: none). Returns 0, or -1 with `error`
/// (free it with free()) set.
int usb_emulator_plug(
  usb_emulator *emulator, const char *description, const char *devnode,
  char **error);

/// Sends the remove uevent for `syspath` and removes the device: requests in
/// flight and new ones fail with ENODEV.
void usb_emulator_unplug(usb_emulator *emulator, const char *syspath);

/// Queues bytes for the bulk IN endpoint; each IN request gets at most
/// `chunk` bytes (0: as many as fit).
void usb_emulator_feed(usb_emulator *emulator, const uint8_t *bytes, size_t count);
void usb_emulator_set_chunk(usb_emulator *emulator, size_t chunk);
void usb_emulator_set_drained_action(
  usb_emulator *emulator, usb_emulator_drained_action action,
  const char *syspath);

/// Bytes fed but not yet delivered.
size_t usb_emulator_pending(usb_emulator *emulator);
/// Control OUT requests seen; request `index` (of the first 16) has its
/// setup packet copied into `setup` (8 bytes) and its data (up to 64 bytes)
/// into `data`; returns the data's length.
int usb_emulator_control_count(usb_emulator *emulator);
size_t usb_emulator_control(
  usb_emulator *emulator, int index, uint8_t setup[8], uint8_t *data,
  size_t capacity);
/// The testbed's root (what UMOCKDEV_DIR is set to); free it with free().
char *usb_emulator_root(usb_emulator *emulator);
/// Bytes received on bulk OUT endpoints so far.
size_t usb_emulator_bulk_out(usb_emulator *emulator, uint8_t *data, size_t capacity);

void usb_emulator_free(usb_emulator *emulator);

#endif
