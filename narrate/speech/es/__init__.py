"""Spanish: the rules a careful Spanish-speaking clinician follows reading aloud."""
