// Replaced by the simulator (issue 3).
import HipCore
