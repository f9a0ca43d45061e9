// The usbfs side of an emulated USB sensor, on libumockdev's ioctl API
// (umockdev 0.17). libusb submits URBs with USBDEVFS_SUBMITURB and collects
// them with USBDEVFS_REAPURB(NDELAY); this handler fills IN URBs from the
// bytes the test fed, records OUT data, and fails everything with ENODEV
// once unplugged, as the kernel does.
#include "USBEmulator.h"

#include <errno.h>
#include <linux/usb/ch9.h>
#include <linux/usbdevice_fs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <umockdev.h>

struct usb_emulator {
  UMockdevTestbed *testbed;
  UMockdevIoctlBase *handler;
  char *devnode;
  GMutex lock;
  GByteArray *pending;       // fed, not yet delivered
  GByteArray *bulk_out;      // received on OUT endpoints
  GQueue done;               // completed URBs waiting for REAPURB
  GQueue held;               // IN URBs waiting for bytes
  size_t chunk;
  usb_emulator_drained_action drained_action;
  char *drained_syspath;
  GThread *unplugging;       // the drained-unplug, joined before replugging
  int unplugged;
  size_t delivered;
  int control_count;
  struct {
    uint8_t setup[8];
    uint8_t data[64];
    size_t length;
  } controls[16];  // the first control OUT requests, in order
};

int usb_emulator_available(void) {
  const char *preload = getenv("LD_PRELOAD");
  return preload != NULL && strstr(preload, "libumockdev-preload") != NULL;
}

usb_emulator *usb_emulator_new(void) {
  usb_emulator *e = calloc(1, sizeof *e);
  if (e == NULL) return NULL;
  e->testbed = umockdev_testbed_new();
  g_mutex_init(&e->lock);
  e->pending = g_byte_array_new();
  e->bulk_out = g_byte_array_new();
  g_queue_init(&e->done);
  g_queue_init(&e->held);
  return e;
}

// The data buffer of a URB. Client memory can only be resolved while its
// SUBMITURB is being handled; the result stays attached to the URB and is
// written back to the client when the URB is reaped.
static UMockdevIoctlData *urb_buffer(UMockdevIoctlData *urb_data) {
  return g_object_get_data(G_OBJECT(urb_data), "hipform-buffer");
}

// Fills an IN URB from the pending bytes (lock held). Returns 0 when there
// was nothing to give.
static int fill_in_urb(usb_emulator *e, UMockdevIoctlData *urb_data) {
  struct usbdevfs_urb *urb = (struct usbdevfs_urb *)urb_data->data;
  size_t n = e->pending->len;
  if (n == 0) return 0;
  if (n > (size_t)urb->buffer_length) n = (size_t)urb->buffer_length;
  if (e->chunk > 0 && n > e->chunk) n = e->chunk;
  UMockdevIoctlData *buffer = urb_buffer(urb_data);
  memcpy(buffer->data, e->pending->data, n);
  g_byte_array_remove_range(e->pending, 0, (guint)n);
  urb->actual_length = (int)n;
  urb->status = 0;
  e->delivered += n;
  return 1;
}

static void fail_held(usb_emulator *e, int status) {
  UMockdevIoctlData *held;
  while ((held = g_queue_pop_head(&e->held)) != NULL) {
    struct usbdevfs_urb *urb = (struct usbdevfs_urb *)held->data;
    urb->status = status;
    urb->actual_length = 0;
    g_queue_push_tail(&e->done, held);
  }
}

static gpointer unplug_thread(gpointer data) {
  usb_emulator *e = data;
  char *syspath;
  g_mutex_lock(&e->lock);
  syspath = g_strdup(e->drained_syspath);
  g_mutex_unlock(&e->lock);
  usb_emulator_unplug(e, syspath);
  g_free(syspath);
  return NULL;
}

static void complete_submit(usb_emulator *e, UMockdevIoctlClient *client,
                            UMockdevIoctlData *arg) {
  GError *error = NULL;
  UMockdevIoctlData *urb_data =
    umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), &error);
  if (urb_data == NULL) {
    g_clear_error(&error);
    umockdev_ioctl_client_complete(client, -1, EFAULT);
    return;
  }
  struct usbdevfs_urb *urb = (struct usbdevfs_urb *)urb_data->data;
  UMockdevIoctlData *buffer = umockdev_ioctl_data_resolve(
    urb_data, offsetof(struct usbdevfs_urb, buffer), urb->buffer_length, &error);
  if (buffer == NULL) {
    g_clear_error(&error);
    umockdev_ioctl_client_complete(client, -1, EFAULT);
    return;
  }
  g_object_set_data(G_OBJECT(urb_data), "hipform-buffer", buffer);
  g_mutex_lock(&e->lock);
  if (e->unplugged) {
    g_mutex_unlock(&e->lock);
    umockdev_ioctl_client_complete(client, -1, ENODEV);
    return;
  }
  int start_unplug = 0;
  urb->status = 0;
  if (urb->type == USBDEVFS_URB_TYPE_CONTROL) {
    struct usb_ctrlrequest *setup = (struct usb_ctrlrequest *)buffer->data;
    urb->actual_length = 0;
    if (!(setup->bRequestType & USB_DIR_IN)) {
      if (e->control_count < 16) {
        size_t length = setup->wLength;
        if (length > sizeof e->controls[0].data) length = sizeof e->controls[0].data;
        memcpy(e->controls[e->control_count].setup, setup, 8);
        memcpy(e->controls[e->control_count].data, buffer->data + 8, length);
        e->controls[e->control_count].length = length;
      }
      e->control_count++;
      urb->actual_length = setup->wLength;
    }
    g_queue_push_tail(&e->done, g_object_ref(urb_data));
  } else if (urb->endpoint & USB_DIR_IN) {
    if (fill_in_urb(e, urb_data)) {
      g_queue_push_tail(&e->done, g_object_ref(urb_data));
    } else if (e->drained_action == usb_emulator_when_drained_unplug &&
               e->delivered > 0) {
      g_queue_push_tail(&e->held, g_object_ref(urb_data));
      start_unplug = e->drained_syspath != NULL;
      e->drained_action = usb_emulator_when_drained_wait;
    } else {
      g_queue_push_tail(&e->held, g_object_ref(urb_data));
    }
  } else {
    g_byte_array_append(e->bulk_out, buffer->data, (guint)urb->buffer_length);
    urb->actual_length = urb->buffer_length;
    g_queue_push_tail(&e->done, g_object_ref(urb_data));
  }
  g_mutex_unlock(&e->lock);
  umockdev_ioctl_client_complete(client, 0, 0);
  // Unplugging takes the testbed's locks: not from inside this handler.
  if (start_unplug) e->unplugging = g_thread_new("unplug", unplug_thread, e);
}

static void complete_reap(usb_emulator *e, UMockdevIoctlClient *client,
                          UMockdevIoctlData *arg) {
  g_mutex_lock(&e->lock);
  UMockdevIoctlData *urb_data = g_queue_pop_head(&e->done);
  int unplugged = e->unplugged;
  g_mutex_unlock(&e->lock);
  if (urb_data == NULL) {
    umockdev_ioctl_client_complete(client, -1, unplugged ? ENODEV : EAGAIN);
    return;
  }
  GError *error = NULL;
  UMockdevIoctlData *pointer =
    umockdev_ioctl_data_resolve(arg, 0, sizeof(void *), &error);
  if (pointer == NULL) {
    g_clear_error(&error);
    g_object_unref(urb_data);
    umockdev_ioctl_client_complete(client, -1, EFAULT);
    return;
  }
  umockdev_ioctl_data_set_ptr(pointer, 0, urb_data);
  g_object_unref(urb_data);
  umockdev_ioctl_client_complete(client, 0, 0);
}

static void complete_discard(usb_emulator *e, UMockdevIoctlClient *client,
                             UMockdevIoctlData *arg) {
  gulong address = *(gulong *)arg->data;
  g_mutex_lock(&e->lock);
  for (GList *l = e->held.head; l != NULL; l = l->next) {
    UMockdevIoctlData *held = l->data;
    if (held->client_addr == address) {
      struct usbdevfs_urb *urb = (struct usbdevfs_urb *)held->data;
      urb->status = -ENOENT;
      urb->actual_length = 0;
      g_queue_delete_link(&e->held, l);
      g_queue_push_tail(&e->done, held);
      g_mutex_unlock(&e->lock);
      umockdev_ioctl_client_complete(client, 0, 0);
      return;
    }
  }
  g_mutex_unlock(&e->lock);
  umockdev_ioctl_client_complete(client, -1, EINVAL);
}

static gboolean on_ioctl(UMockdevIoctlBase *handler, UMockdevIoctlClient *client,
                         gpointer user) {
  (void)handler;
  usb_emulator *e = user;
  gulong request = umockdev_ioctl_client_get_request(client);
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
  GError *error = NULL;
  switch (request) {
  case USBDEVFS_GET_CAPABILITIES: {
    UMockdevIoctlData *caps = umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), &error);
    if (caps == NULL) {
      g_clear_error(&error);
      umockdev_ioctl_client_complete(client, -1, EFAULT);
      return TRUE;
    }
    *(guint32 *)caps->data = USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM;
    umockdev_ioctl_client_complete(client, 0, 0);
    return TRUE;
  }
  case USBDEVFS_SUBMITURB:
    complete_submit(e, client, arg);
    return TRUE;
  case USBDEVFS_REAPURB:
  case USBDEVFS_REAPURBNDELAY:
    complete_reap(e, client, arg);
    return TRUE;
  case USBDEVFS_DISCARDURB:
    complete_discard(e, client, arg);
    return TRUE;
  case USBDEVFS_GETDRIVER:  // no kernel driver bound
    umockdev_ioctl_client_complete(client, -1, ENODATA);
    return TRUE;
  case USBDEVFS_CLAIMINTERFACE:
  case USBDEVFS_RELEASEINTERFACE:
  case USBDEVFS_DISCONNECT_CLAIM:
  case USBDEVFS_IOCTL:
  case USBDEVFS_CLEAR_HALT:
  case USBDEVFS_RESET:
  case USBDEVFS_SETINTERFACE:
  case USBDEVFS_SETCONFIGURATION: {
    g_mutex_lock(&e->lock);
    int unplugged = e->unplugged;
    g_mutex_unlock(&e->lock);
    umockdev_ioctl_client_complete(client, unplugged ? -1 : 0, unplugged ? ENODEV : 0);
    return TRUE;
  }
  default:
    umockdev_ioctl_client_complete(client, -1, ENOTTY);
    return TRUE;
  }
}

int usb_emulator_plug(usb_emulator *e, const char *description, const char *devnode,
                      char **error_message) {
  GError *error = NULL;
  if (e->unplugging != NULL) {
    g_thread_join(e->unplugging);
    e->unplugging = NULL;
  }
  if (devnode != NULL) {
    g_mutex_lock(&e->lock);
    e->unplugged = 0;
    g_free(e->devnode);
    e->devnode = g_strdup(devnode);
    g_mutex_unlock(&e->lock);
    // The handler goes first: adding the device announces it, and a program
    // waiting for it opens the node at once.
    e->handler = umockdev_ioctl_base_new();
    g_signal_connect(e->handler, "handle-ioctl", G_CALLBACK(on_ioctl), e);
    if (!umockdev_testbed_attach_ioctl(e->testbed, devnode, e->handler, &error)) goto failed;
  }
  if (!umockdev_testbed_add_from_string(e->testbed, description, &error)) goto failed;
  return 0;
failed:
  if (error_message != NULL) *error_message = strdup(error->message);
  g_clear_error(&error);
  return -1;
}

void usb_emulator_unplug(usb_emulator *e, const char *syspath) {
  g_mutex_lock(&e->lock);
  e->unplugged = 1;
  fail_held(e, -ENODEV);
  g_mutex_unlock(&e->lock);
  umockdev_testbed_uevent(e->testbed, syspath, "remove");
  umockdev_testbed_remove_device(e->testbed, syspath);
  if (e->handler != NULL) {
    umockdev_testbed_detach_ioctl(e->testbed, e->devnode, NULL);
    g_clear_object(&e->handler);
  }
}

void usb_emulator_feed(usb_emulator *e, const uint8_t *bytes, size_t count) {
  g_mutex_lock(&e->lock);
  g_byte_array_append(e->pending, bytes, (guint)count);
  UMockdevIoctlData *held;
  while (e->pending->len > 0 && (held = g_queue_pop_head(&e->held)) != NULL) {
    fill_in_urb(e, held);
    g_queue_push_tail(&e->done, held);
  }
  g_mutex_unlock(&e->lock);
}

void usb_emulator_set_chunk(usb_emulator *e, size_t chunk) {
  g_mutex_lock(&e->lock);
  e->chunk = chunk;
  g_mutex_unlock(&e->lock);
}

void usb_emulator_set_drained_action(usb_emulator *e, usb_emulator_drained_action action,
                                     const char *syspath) {
  g_mutex_lock(&e->lock);
  e->drained_action = action;
  g_free(e->drained_syspath);
  e->drained_syspath = syspath ? g_strdup(syspath) : NULL;
  g_mutex_unlock(&e->lock);
}

size_t usb_emulator_pending(usb_emulator *e) {
  g_mutex_lock(&e->lock);
  size_t n = e->pending->len;
  g_mutex_unlock(&e->lock);
  return n;
}

int usb_emulator_control_count(usb_emulator *e) {
  g_mutex_lock(&e->lock);
  int n = e->control_count;
  g_mutex_unlock(&e->lock);
  return n;
}

size_t usb_emulator_control(usb_emulator *e, int index, uint8_t setup[8], uint8_t *data,
                            size_t capacity) {
  g_mutex_lock(&e->lock);
  size_t n = 0;
  if (index >= 0 && index < e->control_count && index < 16) {
    memcpy(setup, e->controls[index].setup, 8);
    n = e->controls[index].length < capacity ? e->controls[index].length : capacity;
    memcpy(data, e->controls[index].data, n);
  }
  g_mutex_unlock(&e->lock);
  return n;
}

char *usb_emulator_root(usb_emulator *e) {
  return umockdev_testbed_get_root_dir(e->testbed);
}

size_t usb_emulator_bulk_out(usb_emulator *e, uint8_t *data, size_t capacity) {
  g_mutex_lock(&e->lock);
  size_t n = e->bulk_out->len < capacity ? e->bulk_out->len : capacity;
  memcpy(data, e->bulk_out->data, n);
  g_mutex_unlock(&e->lock);
  return n;
}

void usb_emulator_free(usb_emulator *e) {
  if (e == NULL) return;
  if (e->unplugging != NULL) g_thread_join(e->unplugging);
  if (e->handler != NULL) {
    umockdev_testbed_detach_ioctl(e->testbed, e->devnode, NULL);
    g_object_unref(e->handler);
  }
  UMockdevIoctlData *d;
  while ((d = g_queue_pop_head(&e->done)) != NULL) g_object_unref(d);
  while ((d = g_queue_pop_head(&e->held)) != NULL) g_object_unref(d);
  g_object_unref(e->testbed);
  g_byte_array_unref(e->pending);
  g_byte_array_unref(e->bulk_out);
  g_free(e->devnode);
  g_free(e->drained_syspath);
  g_mutex_clear(&e->lock);
  free(e);
}
