"""`python -m mentorkit.serve`: what `make start` runs."""

from mentorkit.serve import main

main()
