/// The physical-therapy articles the exercise catalogue comes from
/// (`exercises.md`): a report that quotes one cites it by title, and by
/// publisher where the article names one.
public enum Guidance {
  /// "Why Do My Hips Hurt When Running?", a running blog for mothers: the
  /// sets and reps prescribed, and the progression rule on pain.
  public static let runningHips = "“Why Do My Hips Hurt When Running?”"
  /// An article on returning to exercise after hip pain (it gives no
  /// title): pain should not increase; scale back if symptoms return.
  public static let returningToExercise =
    "a physical-therapy article on returning to exercise after hip pain"
  /// "Hip Pain: Causes, Prevention, Treatment, and Best Exercises" (Hinge
  /// Health): the red flags.
  public static let hingeHealthHipPain =
    "“Hip Pain: Causes, Prevention, Treatment, and Best Exercises” "
    + "(Hinge Health)"
}
