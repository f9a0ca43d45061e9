// HipForm reference sensor: MPU-6050 on an RP2040 (or any Arduino) speaking
// the HipForm frame protocol v1 (../../hipform-frame-protocol.md).
//
// HONEST STATUS: written to the spec and checked by reading only. It has NOT
// been compiled or run on hardware here. The host-side decoder it talks to
// is tested (Tests/HipCoreTests/WireHipFrameTests.swift); the byte layout
// below follows the same spec. Please report what you find on real boards.
//
// Wiring (RP2040 Pico, Arduino-Pico core): MPU-6050 VCC -> 3V3, GND -> GND,
// SDA -> GP4, SCL -> GP5, INT -> GP6 (optional but recommended: it gives
// exact sample timestamps). On an Uno/Nano use A4/A5 and pin 2 for INT.
//
// Output: COBS frames over Serial (USB CDC on the Pico; baud is ignored on
// CDC, 115200 on a UART bridge). A device-info frame at boot, on every
// settings change, once a second, and when the host sends 04 80 78 70 00.

#include <Wire.h>

// ---- Settings --------------------------------------------------------------
static const uint8_t ACCEL_FS_G = 4;         // 2, 4, 8 or 16
static const uint16_t GYRO_FS_DPS = 500;     // 250, 500, 1000 or 2000
static const uint16_t RATE_HZ = 100;         // 1 kHz / (1 + SMPLRT_DIV)
static const uint8_t FW_MAJOR = 1, FW_MINOR = 0, FW_PATCH = 0;
static const uint8_t SENSOR_MPU6050 = 1;
static const int INT_PIN = 6;                // -1 when INT is not wired

// ---- MPU-6050 registers ----------------------------------------------------
static const uint8_t MPU_ADDR = 0x68;
static const uint8_t REG_SMPLRT_DIV = 0x19, REG_CONFIG = 0x1A,
                     REG_GYRO_CONFIG = 0x1B, REG_ACCEL_CONFIG = 0x1C,
                     REG_INT_ENABLE = 0x38, REG_INT_STATUS = 0x3A,
                     REG_ACCEL_XOUT_H = 0x3B, REG_PWR_MGMT_1 = 0x6B,
                     REG_WHO_AM_I = 0x75;

// ---- Frame types -----------------------------------------------------------
static const uint8_t T_SAMPLE = 0x01, T_INFO = 0x10, T_LOG = 0x20,
                     T_REQUEST_INFO = 0x80;

static uint16_t seqNo = 0;
static uint16_t samplesSinceInfo = 0;
static bool settingsChanged = true;  // first info after boot
static volatile uint32_t readyMicros = 0;
static volatile bool ready = false;

// CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no xorout.
static uint16_t crc16(const uint8_t *p, size_t n) {
  uint16_t crc = 0xFFFF;
  while (n--) {
    crc ^= (uint16_t)(*p++) << 8;
    for (uint8_t i = 0; i < 8; i++)
      crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
  }
  return crc;
}

// Appends CRC (low byte first), COBS-encodes, writes, then the 0x00.
static void sendFrame(uint8_t *payload, size_t n) {
  uint16_t crc = crc16(payload, n);
  payload[n] = crc & 0xFF;
  payload[n + 1] = crc >> 8;
  n += 2;
  uint8_t out[64];
  size_t codeAt = 0, o = 1;
  uint8_t code = 1;
  for (size_t i = 0; i < n; i++) {
    if (payload[i] != 0) {
      out[o++] = payload[i];
      code++;
    }
    if (payload[i] == 0 || code == 0xFF) {
      out[codeAt] = code;
      codeAt = o++;
      code = 1;
    }
  }
  out[codeAt] = code;
  out[o++] = 0x00;
  Serial.write(out, o);
}

static void put16(uint8_t *p, uint16_t v) { p[0] = v & 0xFF; p[1] = v >> 8; }
static void put32(uint8_t *p, uint32_t v) {
  put16(p, v & 0xFFFF);
  put16(p + 2, v >> 16);
}

static uint32_t deviceId() {
#if defined(ARDUINO_ARCH_RP2040)
  pico_unique_board_id_t id;
  pico_get_unique_board_id(&id);
  return (uint32_t)id.id[4] | (uint32_t)id.id[5] << 8 |
         (uint32_t)id.id[6] << 16 | (uint32_t)id.id[7] << 24;
#else
  return 0;
#endif
}

static void sendInfo() {
  uint8_t p[16 + 2];
  p[0] = T_INFO;
  p[1] = 1;  // protocol version
  p[2] = 0x01 | (settingsChanged ? 0x02 : 0x00);  // gyro present (+ changed)
  p[3] = ACCEL_FS_G;
  put16(p + 4, GYRO_FS_DPS);
  put16(p + 6, RATE_HZ * 10);  // 0.1 Hz units
  p[8] = FW_MAJOR; p[9] = FW_MINOR; p[10] = FW_PATCH;
  p[11] = SENSOR_MPU6050;
  put32(p + 12, deviceId());
  sendFrame(p, 16);
  settingsChanged = false;
  samplesSinceInfo = 0;
}

static void sendLog(const char *text) {
  uint8_t p[48 + 2];
  size_t n = strlen(text);
  if (n > 47) n = 47;
  p[0] = T_LOG;
  memcpy(p + 1, text, n);
  sendFrame(p, n + 1);
}

static void writeReg(uint8_t reg, uint8_t value) {
  Wire.beginTransmission(MPU_ADDR);
  Wire.write(reg);
  Wire.write(value);
  Wire.endTransmission();
}

static bool readRegs(uint8_t reg, uint8_t *buf, uint8_t n) {
  Wire.beginTransmission(MPU_ADDR);
  Wire.write(reg);
  if (Wire.endTransmission(false) != 0) return false;
  if (Wire.requestFrom((int)MPU_ADDR, (int)n) != n) return false;
  for (uint8_t i = 0; i < n; i++) buf[i] = Wire.read();
  return true;
}

static uint8_t fsBits(uint16_t value, const uint16_t *table) {
  for (uint8_t i = 0; i < 4; i++)
    if (table[i] == value) return i << 3;
  return 0;
}

static void onDataReady() {
  readyMicros = micros();
  ready = true;
}

void setup() {
  Serial.begin(115200);
  Wire.begin();
  Wire.setClock(400000);
  delay(100);
  uint8_t who = 0;
  if (!readRegs(REG_WHO_AM_I, &who, 1) || who != 0x68) {
    Serial.write((uint8_t)0x00);
    sendLog("MPU-6050 not found");
  }
  static const uint16_t accelTable[4] = {2, 4, 8, 16};
  static const uint16_t gyroTable[4] = {250, 500, 1000, 2000};
  writeReg(REG_PWR_MGMT_1, 0x01);             // wake, PLL on gyro X
  writeReg(REG_CONFIG, 0x03);                 // DLPF 44 Hz: 1 kHz base rate
  writeReg(REG_SMPLRT_DIV, 1000 / RATE_HZ - 1);
  writeReg(REG_GYRO_CONFIG, fsBits(GYRO_FS_DPS, gyroTable));
  writeReg(REG_ACCEL_CONFIG, fsBits(ACCEL_FS_G, accelTable));
  writeReg(REG_INT_ENABLE, 0x01);             // data-ready interrupt
  if (INT_PIN >= 0) {
    pinMode(INT_PIN, INPUT);
    attachInterrupt(digitalPinToInterrupt(INT_PIN), onDataReady, RISING);
  }
  Serial.write((uint8_t)0x00);                // flush the host's parser
  sendInfo();                                 // settings-changed flag set
}

// Host -> device: collect a COBS block; 04 80 78 70 00 requests device info.
static void pollHost() {
  static uint8_t block[8];
  static uint8_t n = 0;
  while (Serial.available() > 0) {
    uint8_t b = Serial.read();
    if (b != 0) {
      if (n < sizeof block) block[n++] = b;
      continue;
    }
    if (n == 4 && block[0] == 0x04 && block[1] == T_REQUEST_INFO &&
        block[2] == 0x78 && block[3] == 0x70)
      sendInfo();
    n = 0;
  }
}

void loop() {
  pollHost();
  uint32_t stamp;
  if (INT_PIN >= 0) {
    if (!ready) return;
    noInterrupts();
    stamp = readyMicros;
    ready = false;
    interrupts();
  } else {
    uint8_t status = 0;
    if (!readRegs(REG_INT_STATUS, &status, 1) || !(status & 0x01)) return;
    stamp = micros();
  }
  uint8_t raw[14];
  if (!readRegs(REG_ACCEL_XOUT_H, raw, 14)) {
    seqNo++;  // the sample is lost: skip its number so the host counts it
    return;
  }

  if (samplesSinceInfo >= RATE_HZ) sendInfo();  // once a second
  uint8_t p[19 + 2];
  p[0] = T_SAMPLE;
  put16(p + 1, seqNo);
  put32(p + 3, stamp);
  // MPU-6050 registers are big-endian: ax ay az temp gx gy gz.
  const uint8_t order[6] = {0, 2, 4, 8, 10, 12};
  for (uint8_t i = 0; i < 6; i++) {
    p[7 + 2 * i] = raw[order[i] + 1];  // low byte first on the wire
    p[8 + 2 * i] = raw[order[i]];
  }
  sendFrame(p, 19);
  seqNo++;
  samplesSinceInfo++;
}
