import HipCore
import Testing

/// `axes` accepts exactly the right-handed frames, and maps vectors both ways.
struct AxesMappingTests {
  /// One assignment of body directions to the sensor's x, y and z.
  struct Triple: Sendable, CustomTestStringConvertible {
    var x: BodyDirection
    var y: BodyDirection
    var z: BodyDirection

    var testDescription: String {
      "x=\(x.rawValue),y=\(y.rawValue),z=\(z.rawValue)"
    }

    /// The determinant of the matrix whose rows are the three directions,
    /// written out in components: +1 for a right-handed frame, -1 for a
    /// mirrored one, 0 when two directions share a body axis.
    var determinant: Double {
      let a = x.bodyVector
      let b = y.bodyVector
      let c = z.bodyVector
      return a.x * (b.y * c.z - b.z * c.y) - a.y * (b.x * c.z - b.z * c.x)
        + a.z * (b.x * c.y - b.y * c.x)
    }
  }

  static let all: [Triple] = BodyDirection.allCases.flatMap { x in
    BodyDirection.allCases.flatMap { y in
      BodyDirection.allCases.map { z in Triple(x: x, y: y, z: z) }
    }
  }

  /// The 48 triples whose directions lie on three different body axes.
  static let orthogonal = all.filter { $0.determinant != 0 }
  static let degenerate = all.filter { $0.determinant == 0 }
  static let rightHanded = all.filter { $0.determinant == 1 }

  @Test func thereAre48OrthogonalTriplesHalfOfThemRightHanded() {
    #expect(Self.orthogonal.count == 48)
    #expect(Self.rightHanded.count == 24)
  }

  @Test(arguments: orthogonal)
  func acceptsExactlyTheRightHandedOnes(triple: Triple) {
    let mapping = try? AxesMapping(x: triple.x, y: triple.y, z: triple.z)
    #expect((mapping != nil) == (triple.determinant == 1))
    let parsed = try? AxesMapping(parsing: triple.testDescription)
    #expect(parsed == mapping)
  }

  @Test func refusesEveryTripleWithTwoDirectionsOnOneAxis() {
    let accepted = Self.degenerate.filter {
      (try? AxesMapping(x: $0.x, y: $0.y, z: $0.z)) != nil
    }
    #expect(Self.degenerate.count == 216 - 48)
    #expect(accepted.isEmpty, "\(accepted.map(\.testDescription))")
  }

  @Test(arguments: rightHanded)
  func toBodyAndToSensorAreInverses(triple: Triple) throws {
    let mapping = try AxesMapping(x: triple.x, y: triple.y, z: triple.z)
    #expect(mapping.toBody(Vector3(1, 0, 0)) == triple.x.bodyVector)
    #expect(mapping.toBody(Vector3(0, 1, 0)) == triple.y.bodyVector)
    #expect(mapping.toBody(Vector3(0, 0, 1)) == triple.z.bodyVector)
    for v in [Vector3(0.25, -0.5, 0.875), Vector3(-3, 7, 11), Vector3(1, 2, 3)]
    {
      #expect(mapping.toSensor(mapping.toBody(v)) == v)
      #expect(mapping.toBody(mapping.toSensor(v)) == v)
    }
  }

  @Test func aLeftHandedFrameIsRefusedNamingTheZItNeeds() throws {
    let error = try #require(throws: AxesMapping.Invalid.self) {
      try AxesMapping(parsing: "x=right,y=up,z=forward")
    }
    #expect(error.description.contains("right-handed"))
    #expect(error.description.contains("z must be back"))
  }

  @Test func parsesSpacesCaseAndAnyOrder() throws {
    let mapping = try AxesMapping(parsing: " z = Back, x=right ,y=UP")
    #expect(mapping == (try AxesMapping(x: .right, y: .up, z: .back)))
    #expect(mapping.description == "x=right,y=up,z=back")
  }

  @Test(
    arguments: [
      ("x=right,y=up", "all of x, y and z"),
      ("x=right,y=up,z=back,x=left", "twice"),
      ("x=right,y=up,w=back", "unknown axis"),
      ("x=right,y=up,z=behind", "expected one of"),
      ("x right,y=up,z=back", "AXIS=DIRECTION"),
      ("x=right,y=left,z=up", "same body axis"),
    ])
  func explainsWhatIsWrong(text: String, fragment: String) throws {
    let error = try #require(throws: AxesMapping.Invalid.self) {
      try AxesMapping(parsing: text)
    }
    #expect(error.description.contains(fragment), "\(error.description)")
  }
}
