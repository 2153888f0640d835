"""The room's open text: questions students ask the room and their votes (`asking`,
`voting`), the instructor's moderation and the room's screen (`moderation`), the moderated
answer wall (`wall`) and what the class's answers drew on from the reading (`evidence`).

May import `classroom`.
"""
