// Keyboard-first review: filled in by the keyboard work (issue 5).
