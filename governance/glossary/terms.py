"""The glossary a new parent representative needs on a partnership board, in plain language.

Loaded by `flask seed-demo` and `flask glossary seed`; entries already present are left alone.
"""

from __future__ import annotations

# term, aliases, meaning
SEED_TERMS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Accountable Body", ("Accountable Bodies",),
     "The organisation, usually the council, that holds the programme's money on the board's "
     "behalf. It signs the contracts, pays the bills and answers to the government for how the "
     "grant is spent."),
    ("Lead Agency", ("Lead Agencies",),
     "The organisation that takes the lead in running the programme day to day and employs "
     "most of its staff. It is not always the same as the Accountable Body."),
    ("Primary Care Trust", ("PCT", "PCTs", "Primary Care Trusts"),
     "The local NHS body that runs community health services such as health visiting, "
     "midwifery and speech and language therapy."),
    ("quorum", ("quorate", "inquorate"),
     "The smallest number of members who must be present for the board to make decisions. A "
     "meeting with enough members is quorate; without them it is inquorate and can only "
     "discuss or recommend."),
    ("clear days", ("clear day",),
     "Whole days between sending out papers and the meeting, not counting the day they are "
     "sent or the day of the meeting. Five clear days gives members time to read."),
    ("declaration of interest", ("declarations of interest", "declare an interest",
                                 "declared interest", "declared an interest"),
     "Telling the meeting that you, your family or your organisation could gain or lose from a "
     "decision. You may then be asked to leave the room or not to vote on that item."),
    ("register of interests", ("registers of interests",),
     "A list each member keeps up to date of the jobs, roles and links that could affect how "
     "they decide, such as being a trustee of a local charity."),
    ("dispensation", ("dispensations",),
     "Permission for a member with an interest to stay and take part in an item, given by the "
     "chair or the board for a stated reason."),
    ("terms of reference", ("ToR",),
     "The written rules of a board or sub-group: what it is for, who sits on it, how many make "
     "a quorum, what it may decide and whom it reports to."),
    ("matters arising", (),
     "A short item near the start of a meeting to check what happened about things mentioned "
     "in the last meeting's minutes."),
    ("confidential item", ("confidential items", "confidential paper", "confidential papers"),
     "An agenda item discussed in private, for example about a named family, staff or a "
     "tender. Members must not share what is said or written about it."),
    ("sub-group", ("sub-groups", "subgroup", "subgroups"),
     "A smaller group set up by the board to do detailed work on one area, such as finance. It "
     "reports back to the board and may only decide what the board has delegated to it."),
    ("any other business", ("AOB",),
     "The last item on the agenda, for short matters that came up after the agenda was sent "
     "out. Big decisions should not be taken under it."),
    ("agenda", ("agendas",),
     "The list of items a meeting will deal with, in order, sent out with the papers before "
     "the meeting."),
    ("tabled", ("tabled paper", "tabled papers", "tabled on the day"),
     "A paper handed out at the meeting itself instead of being sent in advance. The board "
     "should only accept one for a good reason, because members have had no time to read it."),
    ("service level agreement", ("service level agreements", "SLA", "SLAs"),
     "A written agreement with an organisation that provides a service for the programme, "
     "saying what it will deliver, for how much, and how results will be checked."),
    ("commissioning", ("commissioned", "commission a service"),
     "Deciding what services families need, choosing who will provide them, agreeing a "
     "contract and checking it delivers."),
    ("core offer", (),
     "The set of services every children's centre is expected to provide, such as early "
     "education and childcare, family support, health services and help into work."),
    ("safeguarding", (),
     "Protecting children from harm and neglect. Everyone on the board should know what to do "
     "and whom to tell if they are worried about a child."),
    ("co-opted member", ("co-opted members", "co-opted"),
     "Someone invited onto the board for their knowledge or skills rather than to represent an "
     "organisation or group."),
    ("recommendation", ("recommendations",),
     "A proposal passed up for someone else to decide, for example from a sub-group to the "
     "board, or from an inquorate meeting to the next one."),
    ("budget monitoring", (),
     "Checking regularly how much money has been spent against what was planned, so the board "
     "can act early if spending is running over or under."),
    ("information-sharing protocol", ("information sharing protocol",),
     "An agreement between organisations about what personal information they may share about "
     "families, why, and how it is kept safe."),
    ("local evaluation", (),
     "An independent look at how well the programme is working locally, usually with an "
     "action plan for what to improve."),
    ("statutory agency", ("statutory agencies", "statutory partners"),
     "A public body that has to provide services by law, such as the council, the health "
     "service, the police or Jobcentre Plus."),
    ("voluntary and community sector", ("voluntary sector", "VCS"),
     "Charities, community groups, churches and other not-for-profit organisations, from large "
     "national charities to small parents' groups."),
    ("consensus", (),
     "Reaching a decision everyone can accept without a vote. The minutes record that the "
     "decision was made by consensus."),
    ("abstain", ("abstained", "abstention", "abstentions"),
     "To choose not to vote for or against a proposal. Abstentions are counted in the minutes "
     "but are not votes either way."),
    ("parent representative", ("parent representatives", "parent rep", "parent reps"),
     "A parent from the area who sits on the board to bring families' views and experience. "
     "Parent representatives have the same vote as other members."),
)  # fmt: skip
