"""What every mentorkit page is built from: one module per Voilà page (`journal`, `goals`,
`dashboard`, `portfolio`, `coverage`, `topic`, `welcome`, `reflection`, `my_data`, and the cohort's
`profile`, `proposals`, `inbox`, `partnership` and `ending`), each on the shared `base`."""
