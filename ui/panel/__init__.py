"""The parts of the side panel (ui/side_panel.py): time words, tag chips, customer summary, suited content."""
