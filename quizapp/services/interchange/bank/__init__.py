"""What GIFT and Moodle XML imports share: the parsed question items (`items`), Moodle's
grade list and weight rules (`grades`), Moodle text formats turned into the content format
(`markup`), building a reading from the items (`builder`, `reading`) and writing it (`files`).

May import `quizapp.content`; imported by `interchange.gift` and `interchange.moodle_xml`.
"""
