"""Extract: incident reports (type, date, place, casualties, actors, weapons) with evidence spans."""
