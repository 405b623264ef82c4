"""The course as data: its directory, criteria, guides, topics, activities and quizzes; the
learner's progress through it; and the gentle reflection check. The pages that show them are
in `mentorkit.apps`."""
