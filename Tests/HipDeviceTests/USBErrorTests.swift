import CLibUSB
import HipCore
import Testing

@testable import HipDevice

@Suite struct USBErrorTests {
  /// Every libusb error code, with the case it must map to.
  static let codes: [(libusb_error, USBError.Code)] = [
    (LIBUSB_ERROR_IO, .io), (LIBUSB_ERROR_INVALID_PARAM, .invalidParameter),
    (LIBUSB_ERROR_ACCESS, .access), (LIBUSB_ERROR_NO_DEVICE, .noDevice),
    (LIBUSB_ERROR_NOT_FOUND, .notFound), (LIBUSB_ERROR_BUSY, .busy),
    (LIBUSB_ERROR_TIMEOUT, .timeout), (LIBUSB_ERROR_OVERFLOW, .overflow),
    (LIBUSB_ERROR_PIPE, .pipe), (LIBUSB_ERROR_INTERRUPTED, .interrupted),
    (LIBUSB_ERROR_NO_MEM, .noMemory),
    (LIBUSB_ERROR_NOT_SUPPORTED, .notSupported), (LIBUSB_ERROR_OTHER, .other),
  ]

  @Test func everyLibusbErrorCodeMapsToItsOwnCase() {
    #expect(Self.codes.count == USBError.Code.allCases.count)
    #expect(Set(Self.codes.map(\.1)).count == USBError.Code.allCases.count)
    for (raw, code) in Self.codes {
      #expect(USBError.Code(libusbCode: raw.rawValue) == code)
      #expect(code.rawValue == raw.rawValue)
      #expect(code.name == String(cString: libusb_error_name(raw.rawValue)))
    }
    #expect(USBError.Code(libusbCode: -42) == .other)
  }

  @Test(arguments: USBError.Code.allCases)
  func everyMessageNamesTheDeviceTheOperationAndWhatToDo(_ code: USBError.Code)
  {
    let error = USBError(
      code, operation: "claim interface 0", device: "1209:0001 HipForm IMU")
    #expect(
      error.description.hasPrefix("1209:0001 HipForm IMU: claim interface 0: "))
    #expect(error.description.contains(code.name))
    #expect(error.advice.count > 20)
    #expect(error.isDisconnect == (code == .noDevice))
  }

  @Test func theAdviceIsDifferentForEveryCode() {
    let advice = USBError.Code.allCases.map {
      USBError($0, operation: "open", device: "d").advice
    }
    #expect(Set(advice).count == advice.count)
  }

  @Test func permissionDeniedPointsAtTheUdevRule() {
    let error = USBError(.access, operation: "open", device: "d")
    #expect(error.advice.contains("Firmware-notes/70-hipform.rules"))
  }

  @Test func busyNamesTheProcessesHoldingTheDevice() {
    var error = USBError(.busy, operation: "claim interface 0", device: "d")
    #expect(error.advice.contains("another program"))
    error.holders = ["minicom (pid 4242)"]
    #expect(error.advice.contains("minicom (pid 4242)"))
  }

  @Test func failedTransferStatusesMapToTheMatchingCode() {
    let statuses: [(libusb_transfer_status, USBError.Code)] = [
      (LIBUSB_TRANSFER_ERROR, .io), (LIBUSB_TRANSFER_TIMED_OUT, .timeout),
      (LIBUSB_TRANSFER_CANCELLED, .interrupted),
      (LIBUSB_TRANSFER_STALL, .pipe), (LIBUSB_TRANSFER_NO_DEVICE, .noDevice),
      (LIBUSB_TRANSFER_OVERFLOW, .overflow),
    ]
    for (status, code) in statuses {
      #expect(USBError.Code(transferStatus: status) == code)
    }
  }

  @Test func checkPassesResultsThroughAndThrowsErrors() throws {
    #expect(try USBError.check(7, "read", device: "d") == 7)
    #expect(throws: USBError(.pipe, operation: "read", device: "d")) {
      try USBError.check(LIBUSB_ERROR_PIPE.rawValue, "read", device: "d")
    }
  }
}

@Suite struct USBDeviceKnowledgeTests {
  @Test func lineCodingIsBaudLittleEndianThen8N1() {
    #expect(
      CDCRequest.lineCoding(baud: 115_200) == [0x00, 0xC2, 0x01, 0x00, 0, 0, 8])
    #expect(CDCRequest.lineCoding(baud: 9600) == [0x80, 0x25, 0, 0, 0, 0, 8])
  }

  @Test func knownDevicesAreRecognizedByIDsOrProductString() {
    let reference = KnownUSBDevice.identify(
      vendorID: 0x1209, productID: 0x0001, product: nil)
    #expect(reference?.link == .vendorBulk)
    #expect(reference?.likelyProtocol == .hipform)
    let bridge = KnownUSBDevice.identify(
      vendorID: 0x1a86, productID: 0x7523, product: "USB Serial")
    #expect(bridge?.link == .serialBridge)
    let ximu3 = KnownUSBDevice.identify(
      vendorID: 0x1234, productID: 0x5678, product: "x-IMU3")
    #expect(ximu3?.likelyProtocol == .ximu3)
    #expect(
      KnownUSBDevice.identify(
        vendorID: 0x046d, productID: 0xc52b, product: "Receiver")
        == nil)
  }

  @Test func idsPrintAsLsusbPrintsThem() {
    #expect(USBDeviceInfo.idText(0x1209, 0x0001) == "1209:0001")
    #expect(USBDeviceInfo.idText(0x2E8A, 0x000A) == "2e8a:000a")
  }
}
