#!/usr/bin/env python3
"""Generate the bertune multi-label ("aspects") and multi-class ("genres") samples.

All review text produced by this script was written for the bertune project:
every sentence fragment below is original, hand-written material, and every
film, actor, character, director and composer name is invented.  No review,
dataset or other third-party text was copied.

Outputs (relative to the repository root):

  src/main/resources/sample/aspects/train.tsv   header: text<TAB>labels
  src/main/resources/sample/aspects/test.tsv    labels = comma-joined subset of
      acting,story,visuals,music,pacing,humour,ending (empty = no aspect)
  src/main/resources/sample/genres/train.tsv    header: text<TAB>label
  src/main/resources/sample/genres/test.tsv     label = one of
      comedy,drama,horror,sci-fi,documentary

Reviews are composed from banks of sentences (1-5 sentences for aspects,
1-4 for genres).  Each aspect sentence talks about exactly the aspects it is
tagged with; the neutral sentences talk only about the viewing experience or
give a verdict with no aspect in it.  Train and test come from the same
distribution, texts are unique within a file and never shared across files.

Python 3 standard library only.  The output is deterministic: running the
script again rewrites byte-identical files.

Usage:  python3 src/bench/sample-data/make_samples.py [--out DIR] [--lint]
"""

import argparse
import os
import random
import re
import sys

# --------------------------------------------------------------------------
# Invented names
# --------------------------------------------------------------------------

FILMS = [
    "The Salt Orchard", "Kestrel Lane", "Nine Lanterns", "A Winter for Ophelia Crane",
    "The Glass Harbour", "Underhill Road", "Marrow Street", "The Quiet Arithmetic",
    "Lamps of Tenbury", "Paper Moons Over Dalby", "The Velvet Switchboard",
    "Fenwick's Last Summer", "Ashgrove", "The Hollow Bell", "Tin Crown",
    "Brightwater Junction", "The Lantern Keeper's Daughter", "Ember and Oak",
    "Sixteen Doors", "The Orchid Protocol", "Greyfield", "Low Tide at Marwick",
    "The Borrowed Hour", "Cobalt Summer", "Pilgrim's Rest Motel", "Quillon",
    "The Thimble Affair", "Northbound Static", "Saint Ottilie's", "Harrowmere",
    "The Plum Street Regulars", "Wren and the Weathermen", "Orbitals",
    "The Copper Widow", "Dunmore Flats", "Halfway to Ysolde",
]

# (name, subject, possessive, object)
ACTORS = [
    ("Mara Quell", "she", "her", "her"), ("Tobias Renwick", "he", "his", "him"),
    ("Ines Harrow", "she", "her", "her"), ("Dev Okonjo", "he", "his", "him"),
    ("Lucia Penrose", "she", "her", "her"), ("Corin Ashby", "he", "his", "him"),
    ("Yara Lindqvist", "she", "her", "her"), ("Felix Amberly", "he", "his", "him"),
    ("Noor Castellan", "she", "her", "her"), ("Ravi Thorne", "he", "his", "him"),
    ("Hattie Moreau", "she", "her", "her"), ("Jonah Vesey", "he", "his", "him"),
    ("Sigrid Paley", "she", "her", "her"), ("Marcus Odell", "he", "his", "him"),
    ("Tamsin Achebe", "she", "her", "her"), ("Lorcan Fitch", "he", "his", "him"),
]

# Characters by the pronoun of the actor who may play them.
CHARACTERS = {
    "she": ["Edie", "Ruth", "Nell", "Agnes", "Sister Maud", "Lottie", "Juniper",
            "Cass", "Dr Halloran", "Inspector Kale", "Captain Vorne"],
    "he": ["Benedict", "Old Tam", "the Marquess", "Wendell", "Mr Gribble",
           "Uncle Bertram", "Pip", "the night porter", "Dr Halloran",
           "Inspector Kale", "Captain Vorne"],
}

DIRECTORS = [
    "Priya Vantongeren", "Aldous Mereweather", "Kasia Ilunga", "Bram Oyelaran",
    "Odile Fairbrother", "Henrik Scanlon", "Mireille Adeyemi", "Tomasz Greaves",
]

COMPOSERS = ["Ilse Marchetti", "Owen Gatley", "Ama Roskilde", "Piet Vanderhoek"]

# --------------------------------------------------------------------------
# Aspects
# --------------------------------------------------------------------------

ASPECTS = ["acting", "story", "visuals", "music", "pacing", "humour", "ending"]

ASPECT_BANK = {
    "acting": {
        "pos": [
            "{actor} is magnetic as {char}, finding layers I never expected.",
            "The whole cast is in top form.",
            "{actor}'s turn as {char} is quietly devastating.",
            "The performances are uniformly excellent, right down to the smallest roles.",
            "{actor} disappears so completely into the role that I forgot I was watching a star.",
            "The two leads have an easy, crackling chemistry.",
            "Even the child actors are convincing, which is rare.",
            "{actor} does more with a single glance than most actors manage with a monologue.",
            "The supporting players steal every scene they are in.",
            "It is a brave, unvain performance, and {actor} deserves every award going.",
            "The ensemble feels like a real family, bickering and loving in equal measure.",
            "{actor} plays {char} with a wounded dignity that stayed with me.",
            "Casting an unknown as {char} was a gamble, and it pays off beautifully.",
            "The actors clearly trusted each other, and it shows in every exchange.",
            "{actor} gives a fearless, physical performance that anchors the whole thing.",
            "The villain is played with such relish that I almost rooted for him.",
            "It is worth seeing for the lead performance alone.",
            "The cast is so committed that you never catch anyone winking at the audience.",
            "{actor}'s line readings are so natural they sound improvised.",
            "I would watch {actor} read a phone book, and here {they} give{s} one of {their} best turns.",
            "{actor} brings a prickly warmth to {char} that makes {them} impossible to dislike.",
            "Every face in the cast, even the ones with two lines, feels like a real person.",
            "{actor}, a newcomer playing {char}, holds {their} own against seasoned pros.",
        ],
        "neg": [
            "{actor} looks lost as {char}, as if nobody had explained the scene to {them}.",
            "The acting is wooden across the board.",
            "The lead is miscast and visibly uncomfortable in the role.",
            "{actor} mumbles through the entire film and I caught maybe half the lines.",
            "The performances range from stiff to embarrassingly overcooked.",
            "There is zero chemistry between the two leads.",
            "{actor} overacts so wildly that every scene feels like an audition tape.",
            "The supporting cast is reduced to standing around in the background.",
            "Nobody in the cast seems to be in the same movie.",
            "The villain is played as a pantomime baddie, all sneers and moustache-twirling.",
            "{actor} has one expression and uses it for every emotion.",
            "I never believed these actors had met each other before the cameras rolled.",
            "It is a flat, sleepy performance from an actor who is usually much better.",
            "{actor}'s accent wanders across three continents in the course of a single scene.",
            "Most of the cast delivers their lines as if reading them off a card.",
            "The big emotional breakdown is pure ham; I cringed instead of crying.",
            "A talented cast, and not one of them looks like they want to be there.",
            "The lead performance is so mannered that I could see the actor planning every gesture.",
            "{actor} is badly out of {their} depth as {char}.",
            "The acting is fine and nothing more: competent, forgettable, interchangeable.",
            "The performances feel rehearsed to death, with every pause in exactly the expected place.",
            "{actor} shouts every line as if the microphone were in the next room.",
        ],
    },
    "story": {
        "pos": [
            "The plot is cleverly built, with every small detail mattering later on.",
            "The script is sharp and surprisingly humane.",
            "It tells a simple story, and tells it with real confidence.",
            "The premise sounds silly on paper, but the writing makes it work.",
            "Every character has a clear, believable reason for what they do.",
            "The screenplay juggles three timelines without ever losing me.",
            "There is a reveal halfway through that reframes everything before it.",
            "The dialogue sounds like real people talking, overlapping and half-finished.",
            "It is a genuinely original story, and I could never guess what was coming next.",
            "The subplot about {char}'s brother turns out to be the heart of the film.",
            "The writers have built a world with its own rules, and they stick to them.",
            "The storytelling is precise and trusts the audience to connect the dots.",
            "It takes a well-worn setup and finds something new to say with it.",
            "The relationships between the characters are written with real care.",
            "The script is full of small, true observations about how families argue.",
            "The mystery at its centre is genuinely puzzling, and the clues are fair.",
            "It is rare to see a screenplay this carefully constructed.",
            "Telling the story backwards from the wedding is a clever choice.",
            "{char} is one of the best-written characters I have met in years.",
            "The story has real stakes, and I cared what happened to these people.",
            "The central idea, a town where nobody can tell a lie, is explored from every angle.",
            "{director} adapts a sprawling novel into a story that feels focused and personal.",
        ],
        "neg": [
            "The plot is full of holes you could drive a lorry through.",
            "The script is a checklist of cliches.",
            "Characters make baffling decisions simply because the plot needs them to.",
            "I could not tell you what the story was about, and I was paying attention.",
            "The writing is lazy, leaning on coincidence at every turn.",
            "The subplot about the missing necklace goes nowhere at all.",
            "The premise is paper-thin and the script never adds anything to it.",
            "Half the characters have no motivation beyond standing near the hero.",
            "The dialogue is clunky and full of people explaining things they both already know.",
            "The story borrows so heavily from older films that I kept predicting the next scene.",
            "The big reveal halfway through is obvious almost from the start.",
            "There are at least three different movies fighting for space in this script.",
            "The screenplay never decides whose story it is telling.",
            "The rules of this world change whenever it is convenient.",
            "{char} never grows or changes, and never feels like a real person.",
            "The plot is so convoluted that I needed a diagram by the second act.",
            "It is a story we have all seen a hundred times, told with nothing new.",
            "The script explains everything twice, as if the audience cannot be trusted.",
            "The flashbacks muddle the narrative instead of enriching it.",
            "On the page the central romance makes no sense; there is no reason for these two to fall for each other.",
            "The story falls apart the moment you think about it for more than a second.",
            "The set-up is intriguing, but the writers clearly had no idea what to do with it.",
        ],
    },
    "visuals": {
        "pos": [
            "The cinematography is stunning, all deep shadows and cold blue light.",
            "Every frame looks like a painting.",
            "The photography of the coastline is breathtaking.",
            "The effects are seamless; I never once noticed the CGI.",
            "The production design is astonishingly detailed, down to the labels on the jars.",
            "The costumes alone are worth the ticket.",
            "It is shot on grainy 16mm, and the texture suits the material perfectly.",
            "The colour palette shifts from warm amber to sickly green as things get worse.",
            "The camera work is confident and inventive without showing off.",
            "The creature design is genuinely unsettling and beautifully realised.",
            "The lighting in the night scenes is gorgeous.",
            "There is a single unbroken shot through a crowded market that had me holding my breath.",
            "The visual effects hold up against films with ten times the budget.",
            "The sets feel lived-in and real.",
            "The framing is precise, with every shot carefully composed.",
            "The prosthetic makeup is extraordinary.",
            "The aerial shots of the city at dawn are spectacular.",
            "It looks ravishing on a big screen.",
            "The animation is fluid and full of tiny background details.",
            "The desert landscapes are photographed with real awe.",
            "The fight scenes are filmed clearly, so you can always see who is hitting whom.",
            "{director} has a superb eye for composition.",
            "Candlelit interiors glow like old Dutch paintings.",
        ],
        "neg": [
            "The CGI is rubbery and looks unfinished.",
            "The whole film is so dimly lit that I could barely see what was happening.",
            "The shaky camera made me feel seasick.",
            "The green-screen backgrounds are painfully obvious.",
            "Everything is drenched in the same murky grey filter.",
            "The effects look like they were rendered on a phone.",
            "The costumes look like they came from a party shop.",
            "The cinematography is flat and televisual, with no sense of space.",
            "The sets wobble, and you can practically see the tape holding them together.",
            "The monster looks cheap and plastic the moment it steps into daylight.",
            "The action is filmed so close up that it turns into a visual blur.",
            "The de-ageing effects on the lead are distracting and uncanny.",
            "The photography is ugly, with harsh lighting that flattens every face.",
            "The drone shots are pretty but feel like a tourism advert.",
            "There is so much lens flare that I kept squinting.",
            "The digital crowds look like copy-pasted video game extras.",
            "The look of the film is bland and forgettable.",
            "The production design feels cheap, all beige walls and empty rooms.",
            "The fake snow is so obviously fake that it broke the spell.",
            "The explosions look weightless and pasted in.",
            "For a film about a painter, it is surprisingly drab to look at.",
            "The widescreen frame is wasted on endless close-ups of faces.",
        ],
    },
    "music": {
        "pos": [
            "The score is gorgeous, all swelling strings and low piano.",
            "The soundtrack is packed with forgotten soul records, and every one lands.",
            "{composer}'s music does half the emotional work.",
            "I went home and immediately looked up the soundtrack.",
            "The main theme is so catchy I was humming it in the car park.",
            "The songs feel like part of the film instead of being dropped on top.",
            "A pulsing synth score gives every scene a nervous energy.",
            "The choral music in the cathedral scene gave me goosebumps.",
            "The musical numbers are staged with real joy.",
            "The needle drops are perfectly chosen.",
            "The score knows when to go quiet, and the silences are just as effective.",
            "The jazz soundtrack suits the smoky city perfectly.",
            "The composer uses a single cello to devastating effect.",
            "The original songs are good enough to stand on their own.",
            "The folk songs sung around the campfire are beautiful.",
            "The music swells at exactly the right moments without ever feeling manipulative.",
            "Honestly, the score is the best thing about it.",
            "The drumming on the soundtrack is relentless and thrilling.",
            "The lullaby that {char} sings keeps coming back, more haunting every time.",
            "The eighties pop soundtrack is a nostalgic treat.",
            "The orchestral score by {composer} is lush and old-fashioned in the best way.",
            "It has one of the most memorable film themes in years.",
        ],
        "neg": [
            "The score never stops, telling me what to feel in every single scene.",
            "The soundtrack is a jukebox of obvious hits.",
            "The music is so loud it drowns out the voices.",
            "The songs are forgettable, and there are far too many of them.",
            "The generic action music sounds like it came from a stock library.",
            "The syrupy strings undercut every emotional moment.",
            "The pop song over the opening credits is jarringly out of place.",
            "The score is so bland I could not hum a single note afterwards.",
            "The musical numbers are badly sung and worse mixed.",
            "The composer seems to have recycled the same four notes for the whole film.",
            "The electronic score clashes horribly with the period setting.",
            "A choir kicks in whenever something sad happens, and it soon becomes grating.",
            "The soundtrack is wall-to-wall indie rock and none of it fits.",
            "The song choices are so on-the-nose that a track called Rain plays during a storm.",
            "The music is mixed so high that it fights every quiet scene.",
            "There is a saxophone solo every few scenes and I started dreading it.",
            "The score is generic, the kind of noise you forget while you are still hearing it.",
            "The soundtrack feels like a playlist somebody made in a hurry.",
            "The theme tune is irritating and the film plays it at least six times.",
            "The violin score is pretty but smothers every scene it is in.",
            "Whoever chose the music has a tin ear.",
            "{composer}'s score is a cheap imitation of a dozen better ones.",
        ],
    },
    "pacing": {
        "pos": [
            "It moves at a brisk clip and never outstays its welcome.",
            "At ninety minutes, it is lean and efficient.",
            "The two and a half hours flew by.",
            "The editing keeps everything moving without ever feeling rushed.",
            "It is a slow burn, but every minute earns its place.",
            "There is not a wasted scene in the whole thing.",
            "The tension builds steadily and never lets up.",
            "It is paced like a thriller, even in the quiet bits.",
            "I never once checked the time.",
            "The first act wastes no time getting to the point.",
            "The rhythm of the cutting is superb, with every scene stopping exactly when it should.",
            "It zips along like a paper aeroplane.",
            "The film knows exactly how long to linger on a moment.",
            "For a three-hour epic, it is remarkably easy to sit through.",
            "It builds momentum so gradually that I barely noticed I was gripping the armrest.",
            "Tight, punchy and gone before I wanted it to be.",
            "The leisurely rhythm suits the sleepy village setting.",
            "Scenes flow into each other with real momentum.",
            "It never sags, not even for a moment.",
            "The editing is razor-sharp.",
            "It takes its time, and I was happy to let it.",
            "The chase sequences are breathless.",
        ],
        "neg": [
            "It drags terribly in the middle.",
            "At nearly three hours, it is at least forty minutes too long.",
            "The first hour is a slog.",
            "It is so slow that I started counting the ceiling tiles.",
            "Scenes go on and on long after they have made their point.",
            "The middle section sags badly.",
            "It is rushed, cramming a year of events into a frantic half hour.",
            "The editing is sluggish, with long pauses where nothing happens.",
            "I checked my watch more times than I would like to admit.",
            "The pacing is all over the place, lurching from frantic to glacial.",
            "There are three separate montages that could have been cut entirely.",
            "It takes forty-five minutes for anything to happen.",
            "Every scene is padded with people staring into space.",
            "It feels twice as long as it actually is.",
            "The film crawls along at a snail's pace.",
            "The constant flashbacks keep stalling the momentum.",
            "It rushes through the important moments and lingers on the dull ones.",
            "A tighter edit would have helped enormously.",
            "The opening is so sluggish that I nearly gave up.",
            "It is a long, plodding sit.",
            "By the second hour I was fidgeting in my seat.",
            "The whole thing could lose twenty minutes and be better for it.",
        ],
    },
    "humour": {
        "pos": [
            "The jokes land almost every time.",
            "I laughed harder than I have in years.",
            "The bickering between {char} and the landlady is hilarious.",
            "It is genuinely funny, with a dry, deadpan wit.",
            "The running gag about the broken lift had the whole room howling.",
            "The comic relief is actually funny for once.",
            "There is a dinner-party scene that is one of the funniest things I have seen all year.",
            "The humour is gentle and never cruel.",
            "Even the background gags are clever.",
            "The one-liners come thick and fast.",
            "It finds laughs in the most unlikely places, even a funeral.",
            "The slapstick is perfectly timed.",
            "The satire is sharp and bitingly funny.",
            "I was giggling through most of it.",
            "The jokes are silly, but silly in the best way.",
            "A sly sense of humour runs through even the darkest scenes.",
            "The physical comedy in the kitchen scene is a masterclass.",
            "It is witty without ever trying too hard.",
            "The deadpan voice-over gets big laughs.",
            "There are more laughs here than in most comedies.",
            "The awkward humour made me squirm and laugh at the same time.",
            "A parrot who only knows rude words gets the biggest laughs.",
        ],
        "neg": [
            "The jokes fall completely flat.",
            "I did not laugh once.",
            "The humour is crude and mean-spirited.",
            "The wisecracking sidekick is unbearable.",
            "Every gag is repeated until it stops being funny.",
            "The attempts at comedy feel wildly out of place.",
            "The punchlines are telegraphed a mile off.",
            "It thinks it is much funnier than it is.",
            "The jokes are ten years out of date.",
            "The humour relies entirely on people falling over.",
            "The wisecracks undercut every serious moment.",
            "It is billed as a comedy, yet I cannot remember a single good joke.",
            "The banter is forced and painfully unfunny.",
            "The same fart joke appears three times.",
            "The satire is so toothless that nobody could be offended or amused.",
            "The audience around me sat in stony silence through every gag.",
            "The quips feel like they were focus-grouped to death.",
            "The toilet humour is juvenile even by the standards of the genre.",
            "Some of the jokes are so awkward they made me wince.",
            "It tries to be edgy and funny and manages to be neither.",
            "The comedy is hit and miss, mostly miss.",
            "The jokes about {char}'s weight are cheap and lazy.",
        ],
    },
    "ending": {
        "pos": [
            "The ending is perfect, quiet and earned.",
            "The final scene left me in pieces.",
            "The twist at the end genuinely floored me.",
            "The last act pulls every thread together beautifully.",
            "The finale is a triumph.",
            "It has the most satisfying conclusion I have seen in ages.",
            "The closing image will stay with me for a long time.",
            "The closing moments are ambiguous in the best possible way.",
            "The climax is thrilling and completely earned.",
            "I did not see that last-minute reveal coming at all.",
            "The resolution is bittersweet and honest.",
            "The last ten minutes are extraordinary.",
            "It ends on exactly the right note.",
            "The final confrontation is everything I hoped for.",
            "The epilogue gives every character a fitting send-off.",
            "The way it wraps up made me want to start it again.",
            "The final reveal recasts everything that came before it.",
            "The conclusion is brave and refuses to tie things up neatly.",
            "The final act is where it really comes alive.",
            "I have not stopped thinking about how it ends.",
            "The closing scene on the pier is beautifully judged.",
            "The ending had the whole audience gasping.",
        ],
        "neg": [
            "The ending is a complete cop-out.",
            "The twist at the end makes no sense whatsoever.",
            "The finale is a mess.",
            "It just stops, as if they ran out of money before the last scene.",
            "The last act throws away everything that worked before it.",
            "The conclusion is so neat and tidy that it feels false.",
            "The climax is an anticlimax.",
            "I hated the ending.",
            "The final reveal is obvious from the very first scene.",
            "The last twenty minutes undo all the goodwill.",
            "The resolution comes out of nowhere.",
            "The ending is so ambiguous it feels unfinished.",
            "The epilogue is sappy and unnecessary.",
            "The final showdown is deeply unsatisfying.",
            "The last scene exists only to set up a sequel.",
            "The happy ending feels bolted on by nervous producers.",
            "The finale tries for tears and gets shrugs.",
            "The closing minutes are baffling.",
            "The ending ruined the whole film for me.",
            "The big twist in the final scene is a cheat.",
            "The denouement is limp.",
            "The last act collapses into nonsense.",
        ],
    },
}

# Sentences touching several aspects at once: (labels, polarity, text).
# Polarity "mix" sentences are only used in mixed reviews.
ASPECT_COMBINED = [
    (("acting", "humour"), "pos", "The jokes are sharp and the cast delivers them with perfect timing."),
    (("pacing", "ending"), "neg", "The last act drags on for far too long."),
    (("visuals", "ending"), "neg", "The climax is a noisy blur of weightless CGI."),
    (("visuals", "music"), "pos", "The score swells as the camera glides over the mountains, and it is glorious."),
    (("story", "humour"), "mix", "The plot is thin, but the jokes keep coming so fast it hardly matters."),
    (("acting", "story"), "mix", "{actor} is wonderful, but the script gives {them} nothing to do."),
    (("music", "ending"), "pos", "The final scene, set to a single piano, is devastating."),
    (("story", "pacing"), "pos", "The story moves briskly, with no wasted subplots."),
    (("visuals", "pacing"), "mix", "It is gorgeous to look at but painfully slow."),
    (("humour", "ending"), "pos", "The funniest moment comes in the very last scene."),
    (("acting", "visuals", "music"), "mix", "Great music, lovely photography, dreadful acting."),
    (("acting", "pacing", "ending"), "mix", "The cast is fine and the twist at the end is clever, but the middle hour crawls."),
    (("music", "humour"), "pos", "The soundtrack is full of daft novelty songs that had the audience roaring."),
    (("acting", "story", "humour"), "pos", "The dialogue is witty and the actors clearly relish every line."),
    (("story", "ending"), "neg", "The ending is predictable because the plot spells everything out."),
    (("pacing", "humour"), "neg", "The comic timing is off and every gag goes on far too long."),
    (("visuals", "story"), "mix", "The effects are dazzling; the story is nonsense."),
    (("music", "pacing"), "pos", "A pounding score keeps the chase scenes racing along."),
    (("acting", "humour"), "pos", "{actor} is hilarious as {char}, stealing scene after scene."),
    (("visuals", "pacing", "humour"), "neg", "Slow, ugly and humourless."),
    (("visuals", "ending"), "pos", "The last act, filmed in one unbroken take, is a technical marvel."),
    (("story", "pacing", "ending"), "pos", "The writing is smart, the pacing is brisk and the ending lands."),
    (("acting", "music"), "pos", "{actor} sings {their} own songs, and the performance is all the richer for it."),
    (("story", "visuals"), "pos", "A beautifully photographed film with a story to match."),
    (("acting", "ending"), "neg", "{actor} is badly miscast, and the ending is worse."),
    (("music", "story"), "neg", "A dull plot buried under wall-to-wall pop songs."),
    (("humour", "story"), "pos", "The script is packed with jokes that also reveal character."),
    (("pacing", "acting"), "mix", "The performances are strong, but it is at least half an hour too long."),
]

# Sentences that touch no aspect: context ("ctx") or a verdict with no aspect.
NEUTRAL = {
    "ctx": [
        "I saw it on a Tuesday afternoon with my cousin.",
        "The cinema was almost empty, which suited me fine.",
        "Tickets were cheaper than I expected for a weekend showing.",
        "The popcorn was stale, but that is hardly the film's fault.",
        "My partner dragged me along.",
        "I watched it on a plane, so take this with a pinch of salt.",
        "I went in knowing nothing about it.",
        "My friends recommended it for months before I finally gave in.",
        "The seats in that cinema are terrible, but I tried not to let them colour my opinion.",
        "I saw it at a free preview screening.",
        "My expectations were very low going in.",
        "I caught {film} at the local film festival.",
        "Someone behind me kept rustling a crisp packet.",
        "I rented it on a whim.",
        "My teenage son came with me.",
        "It was a rainy Sunday and I had nothing better to do.",
        "We argued about it all the way home.",
        "The usher had to tell a group of teenagers to put their phones away.",
        "I booked the tickets weeks in advance.",
        "I first heard about {film} on a podcast.",
        "I went because a friend of mine worked on it.",
        "The cinema's air conditioning was broken.",
        "I went to the midnight showing on opening night.",
        "There were about five of us in the audience.",
        "We went for my sister's birthday.",
        "I watched {film} on my laptop on the train to Leeds.",
        "The queue for the ticket desk went right round the block.",
        "I had a cold, so I was not in the best mood.",
        "My neighbour lent me her copy.",
        "I took my grandmother, who had not been to the pictures in twenty years.",
        "It was the only thing showing at the multiplex that evening.",
        "Parking near the cinema cost more than the ticket.",
        "I was sent a screener copy by a friend in the business.",
        "The trailer had me intrigued.",
    ],
    "pos": [
        "I would happily see it again.",
        "Overall, a lovely night out.",
        "Bring a friend and go in with an open mind.",
        "I bought the DVD as soon as it came out.",
        "I expected to hate it, and I did not.",
        "I liked it, on the whole.",
        "Frankly, I loved it.",
        "My mum, who hates everything, said it was all right.",
        "Go and see it.",
        "It has been years since I was this excited about a film.",
        "I am so glad I finally got round to {film}.",
        "I have recommended it to everyone at work.",
        "Worth every penny.",
        "It is the kind of film my dad would love.",
    ],
    "neg": [
        "I cannot really recommend it.",
        "I would not pay full price for it.",
        "This one just was not for me.",
        "Overall, a big disappointment.",
        "Skip it.",
        "I paid for the premium seats and regretted it.",
        "I wanted my money back.",
        "I will not be rushing to see {film} again.",
        "What a waste of a Friday night.",
        "I have no idea why people rave about {film}.",
    ],
    "mix": [
        "I am still not sure how I feel about it.",
        "Not my cup of tea, but I can see why people like it.",
        "Our group was split right down the middle.",
        "It is a mixed bag, really.",
        "I came out with very mixed feelings.",
    ],
}

# Rows per file, and the share of reviews with 0..5 aspects.
ASPECT_SIZE_SHARES = [(0, 0.06), (1, 0.27), (2, 0.31), (3, 0.26), (4, 0.07), (5, 0.03)]

# --------------------------------------------------------------------------
# Genres
# --------------------------------------------------------------------------

GENRES = ["comedy", "drama", "horror", "sci-fi", "documentary"]
GENRE_SHARES = {"comedy": 0.28, "drama": 0.26, "horror": 0.20, "sci-fi": 0.16, "documentary": 0.10}

GENRE_BANK = {
    "comedy": {
        "premise": [
            "Two rival wedding planners are forced to organise the same disastrous wedding in {film}.",
            "{film} follows a hopeless bank robber who keeps accidentally robbing the wrong building.",
            "A grumpy retired headmaster takes over his granddaughter's football team, with chaotic results.",
            "{film} is about a family road trip on which absolutely everything goes wrong, from the caravan to the grandmother's parrot.",
            "A vain TV chef loses his sense of taste the week before a live cooking final.",
            "An office Christmas party spirals out of control when somebody spikes the punch.",
            "Three hapless brothers inherit a failing crazy golf course and try to save it.",
            "A nervous best man loses the rings, the groom and eventually his trousers.",
            "{film} imagines a village where everyone is secretly plotting to win the annual scarecrow contest.",
            "A mild-mannered accountant is mistaken for a famous magician and has to bluff his way through a stage show.",
            "Two divorced parents pretend to still be married for the sake of a visiting great-aunt.",
            "A washed-up boy band reunites for one last tour of seaside holiday camps.",
            "A dog walker ends up minding a politician's appallingly behaved poodle in the middle of an election.",
            "{film} is a farce set in a hotel where every guest is hiding in the wrong room.",
            "A struggling actor takes a job as a shopping-centre Santa and slowly loses his mind.",
            "A hopeless amateur dramatics society attempts Macbeth, and nothing goes to plan.",
            "Two elderly sisters decide to take up competitive skateboarding.",
            "{film} follows a wedding DJ who always plays the wrong song at the worst possible moment.",
            "A teenager invents a French exchange student to get out of a maths exam.",
            "A small-time con artist and a vicar team up to rig the village flower show.",
            "A lazy house-sitter throws a party in a millionaire's mansion and has one weekend to clean up.",
            "A man who physically cannot tell a lie takes a job selling used cars.",
        ],
        "pos": [
            "The jokes come so fast that I missed half of them while I was still laughing.",
            "The slapstick in the kitchen scene had the whole audience in stitches.",
            "It is the funniest film I have seen this year.",
            "Some of the gags are a bit crude, but most of them land.",
            "The banter between the two leads is pure comic gold.",
            "I laughed until my sides hurt.",
            "The humour is silly, warm and never mean.",
            "The running gag about the broken doorbell pays off brilliantly.",
            "The comic timing is immaculate.",
            "The supporting cast of oddballs provides a steady stream of laughs.",
            "It is a light, feel-good romp.",
            "The dialogue is full of daft one-liners that sound improvised.",
            "The sitcom-style misunderstandings pile up beautifully.",
            "It is the kind of daft fun that needs no thinking.",
            "Even the outtakes over the end credits are funny.",
            "The parody of self-help gurus is spot on.",
            "A few jokes misfire, but the good ones are very good.",
            "The deadpan delivery of the lead is a joy.",
            "{actor} has never been funnier.",
        ],
        "neg": [
            "The jokes are tired and the punchlines are obvious.",
            "It is meant to be hilarious, but I barely cracked a smile.",
            "The pratfalls get old very quickly.",
            "The gags are recycled from a dozen better comedies.",
            "{actor} mugs for the camera in every scene, desperate for a laugh.",
            "Every joke is explained as if the audience might miss it.",
            "The humour is so broad it flattens every character into a cartoon.",
        ],
        "implied": [
            "My cheeks ached from grinning by the end.",
            "The audience around me was roaring.",
            "I had to pause it twice because I could not breathe.",
            "My dad snorted so loudly that the people in front turned round.",
            "It is light as a feather and just as forgettable.",
            "The wedding scene descends into glorious chaos involving a cake and a fire extinguisher.",
            "Nobody in this film has ever made a sensible decision, and that is the whole point.",
            "I was wiping my eyes, and not from sadness.",
            "Pure silliness from start to finish.",
            "Half the lines are already being quoted by my friends.",
            "I cannot remember the last time a film made me snort like that.",
            "It is the sort of thing you put on after a bad day to cheer yourself up.",
            "{actor} falls into a duck pond in the first five minutes and it only gets sillier from there.",
        ],
    },
    "drama": {
        "premise": [
            "{film} follows a family falling apart after the death of the eldest son.",
            "A retired miner tries to reconnect with the daughter he abandoned twenty years ago.",
            "A young nurse working endless night shifts slowly unravels under the pressure of the job.",
            "{film} is a courtroom drama about a mother accused of a crime she may not have committed.",
            "A marriage quietly collapses over the course of one long weekend at the lake house.",
            "Two brothers who have not spoken in a decade are forced to care for their dying father.",
            "A refugee teenager tries to build a new life in a cold northern town.",
            "A celebrated pianist who is losing her hearing refuses to give up the stage.",
            "{film} traces a friendship between two women across forty years.",
            "A widowed farmer struggles to keep the family land as the debts pile up.",
            "A schoolteacher is torn between her career and her ailing mother.",
            "A recovering alcoholic returns to his home town for his sister's wedding.",
            "{film} follows a factory town in the weeks after the plant closes.",
            "A young priest begins to doubt everything he was raised to believe.",
            "A boxer at the end of his career takes one last fight to pay for his son's treatment.",
            "A divorced couple meet again at their daughter's hospital bedside.",
            "A gifted student from a poor family fights for a place at university.",
            "A grieving mother befriends the young man who caused her son's accident.",
            "A small-town lawyer risks everything to defend a man the whole town hates.",
            "{film} is a period piece about a housemaid who uncovers her employer's terrible secret.",
            "An ageing actress prepares for her final stage role while her memory fails.",
            "A father and son spend one last summer fixing up a boat before the father goes to prison.",
        ],
        "pos": [
            "It is a heartbreaking, deeply human film.",
            "I cried three times, and I am not ashamed of it.",
            "The argument at the dinner table is one of the most painful scenes I have ever watched.",
            "It deals with grief honestly and without melodrama.",
            "It is heavy going, but it is worth it.",
            "The quiet moments between father and daughter are devastating.",
            "The film never judges its characters, even at their worst.",
            "The performances are raw and completely believable.",
            "It is the kind of serious, grown-up film that rarely gets made any more.",
            "The hospital scenes feel painfully real.",
            "The tension in that family kitchen is almost unbearable.",
            "It captures the weight of unspoken resentments beautifully.",
            "Every emotional beat is earned.",
            "It is a moving portrait of forgiveness.",
            "The letters read aloud in voice-over are almost too sad to bear.",
            "The reconciliation near the end had the whole cinema sniffling.",
            "{actor} gives a shattering performance as a parent holding the family together by the fingertips.",
        ],
        "neg": [
            "It is a slow, sombre character study that never quite catches fire.",
            "It piles on the misery until it becomes numbing.",
            "The melodrama gets a bit much by the final act.",
            "It is well-meaning but manipulative, pushing for tears at every turn.",
            "It is sincere to a fault and badly needs a lighter touch.",
            "The family arguments are so shrill that I stopped caring who was right.",
            "It treats its subject with such reverence that it forgets to be a film.",
        ],
        "implied": [
            "I needed a long walk afterwards to recover.",
            "Bring tissues.",
            "It made me want to call my mother.",
            "Nothing much happens, and yet everything changes.",
            "The silences say more than the words.",
            "It is about the things families never say to each other.",
            "I sat in silence on the bus home.",
            "It is about a marriage, and it felt uncomfortably close to home.",
            "The kitchen-sink realism is relentless.",
            "The scene at the graveside is shattering.",
            "Every character is carrying some private wound.",
            "It aims straight for the heart.",
            "The last conversation between the sisters is almost too painful to watch.",
        ],
    },
    "horror": {
        "premise": [
            "A young couple move into a remote farmhouse and start hearing whispers in the walls.",
            "{film} is about a haunted house with a very nasty secret in the cellar.",
            "A group of friends on a camping trip are picked off one by one by something in the woods.",
            "A grieving mother becomes convinced that her daughter's imaginary friend is real, and hungry.",
            "{film} follows a night-shift security guard in an abandoned asylum.",
            "A possessed antique doll terrorises a quiet suburban family.",
            "A masked killer stalks the pupils of a snowbound boarding school.",
            "An exorcist is called to a remote island where the whole village has stopped sleeping.",
            "A cursed videotape turns up in a charity shop, and everyone who watches it starts to rot.",
            "{film} is a creature feature about something enormous living under a frozen lake.",
            "A babysitter realises that the children she is minding are not quite human.",
            "A family inherits a crumbling mansion where the portraits seem to move at night.",
            "A vampire moves into a sleepy seaside town and the pensioners start disappearing.",
            "Cave divers trapped underground discover they are not alone.",
            "A demonic presence follows a teenage girl from house to house.",
            "{film} is a zombie outbreak film set in a shopping centre on Christmas Eve.",
            "A lonely lighthouse keeper begins to see a drowned woman on the rocks every night.",
            "A witch's curse falls on a village after a child goes missing in the forest.",
            "A cult in the hills welcomes a lost hiker a little too warmly.",
            "A seance at a student party goes horribly wrong.",
            "An old hotel's thirteenth floor should not exist, but the lift keeps stopping there.",
            "A scarecrow appears in a different field each morning, a little closer to the house.",
        ],
        "pos": [
            "The jump scares are cheap but effective.",
            "I watched most of it through my fingers.",
            "The creaking floorboards and flickering lights are cliches, but they still got me.",
            "It is genuinely terrifying.",
            "The demon, when it finally appears, is pure nightmare fuel.",
            "I slept with the lights on afterwards.",
            "The tension in the cellar scene is unbearable.",
            "The monster is scarier when you cannot see it.",
            "The sound design makes every shadow feel like a threat.",
            "It builds dread beautifully before the first drop of blood.",
            "The possession scenes are genuinely disturbing.",
            "It is a proper old-fashioned fright fest.",
            "There is one scare in the bathroom that made the whole audience scream.",
            "The gore is extreme, so be warned, but it is never gratuitous.",
            "The body horror is not for the squeamish, and it is brilliantly done.",
        ],
        "neg": [
            "It relies far too much on loud noises and sudden bangs.",
            "It is less scary than a ghost train at a seaside fair.",
            "The killer's mask is creepy, but the murders are repetitive.",
            "The screaming teenagers make every stupid decision in the book.",
            "The ghost is more silly than scary.",
            "The blood-soaked climax is gruesome without being frightening.",
            "Once you have seen the creature clearly, the dread evaporates.",
            "Every scare is signalled by a sudden silence, so none of them work.",
        ],
        "implied": [
            "I checked under the bed when I got home.",
            "Do not watch it alone.",
            "My friend grabbed my arm so hard she left a bruise.",
            "I will never look at a wardrobe the same way again.",
            "Something is always moving at the edge of the frame.",
            "The basement door should have stayed locked.",
            "I could not sleep that night.",
            "Nobody should ever have gone into those woods.",
            "Half the audience shrieked at the same moment.",
            "There is a scratching in the attic that I still hear when I close my eyes.",
            "The house itself feels like it is watching.",
            "The child's drawings are the most disturbing thing in it.",
            "I kept the hall light on for a week.",
        ],
    },
    "sci-fi": {
        "premise": [
            "{film} follows the crew of a mining spaceship who pick up a distress signal from a dead planet.",
            "A lonely engineer builds an artificial intelligence that starts rewriting its own code.",
            "A time traveller keeps returning to the same day in 2094, trying to stop a disaster.",
            "Colonists on a distant moon discover that the air plant keeping them alive is failing.",
            "{film} imagines a future in which memories can be bought and sold.",
            "An astronaut stranded on an icy moon of Saturn has to rebuild a broken radio to call home.",
            "A research station at the South Pole intercepts a message from deep space.",
            "A generation ship has been travelling for three hundred years, and the passengers have forgotten where it is going.",
            "Androids working in a luxury orbital hotel begin to question their programming.",
            "A physicist discovers a way to step into parallel universes, with disastrous results.",
            "{film} is set in a flooded megacity where the rich live above the clouds.",
            "Alien visitors land in a small Welsh town and ask to speak to the parish council.",
            "A cyborg detective hunts a rogue AI through the neon streets of a future Lagos.",
            "A teleportation experiment goes wrong and leaves two copies of the same man.",
            "Humanity's first contact with an alien species happens through a child's homemade radio.",
            "A clone discovers that she is the ninth version of herself.",
            "A cryogenically frozen soldier wakes up a thousand years in the future.",
            "The last human pilot in a drone-controlled air force goes rogue.",
            "{film} follows a crew sent to repair a failing orbital ring around the Earth.",
            "A robot caretaker looks after an empty city long after the humans have gone.",
            "A mathematician realises that time is running backwards inside her laboratory.",
            "Space pirates hijack a prison transport orbiting Jupiter.",
        ],
        "pos": [
            "The spaceship interiors are convincingly cramped and grimy.",
            "The science is shaky, but the ideas are fascinating.",
            "The alien design is unlike anything I have seen before.",
            "It asks real questions about what it means to be human.",
            "The zero-gravity sequences are astonishing.",
            "The robot is the most likeable character in the film.",
            "The future it imagines feels frighteningly plausible.",
            "The world-building is rich without being overwhelming.",
            "The AI's calm voice is more chilling than any monster.",
            "It is a thoughtful, cerebral piece of science fiction.",
            "The alien planet is gorgeous and truly strange.",
            "It borrows a lot from older space operas, but does it with style.",
            "The dystopian city is grimly convincing.",
            "The hard science will delight the physics nerds in the audience.",
            "The countdown to the jump into hyperspace is incredibly tense.",
        ],
        "neg": [
            "The time-travel logic falls apart if you think about it too hard.",
            "The technobabble is impenetrable.",
            "The space battles are loud, dazzling and a bit hollow.",
            "The holographic computer screens already look dated.",
            "The laser fights are fun, but the plot about the galactic senate is dull.",
            "The cloning subplot raises more questions than it answers.",
            "For a film about first contact, the aliens are oddly dull.",
            "The robots talk like instruction manuals, and so do the humans.",
        ],
        "implied": [
            "I came out wanting to read a physics textbook.",
            "The view of the Earth from the observation deck is breathtaking.",
            "It made me look at my phone's voice assistant with new suspicion.",
            "The silence of the vacuum is used brilliantly.",
            "Every gadget has clearly been thought through.",
            "The year is never stated, but the world has clearly moved on without us.",
            "It left me staring up at the stars on the walk home.",
            "The engine hum under every scene never lets you forget how far from home they are.",
            "The language the visitors speak is beautifully strange.",
            "It imagines our grandchildren's world, and it is not a comforting one.",
            "The ship's computer has all the best lines.",
            "I spent the whole drive home arguing about paradoxes.",
            "The crew's oxygen readout ticking down in the corner of the screen is nerve-shredding.",
        ],
    },
    "documentary": {
        "premise": [
            "{film} is a documentary about the last family of glassblowers in a Venetian alley.",
            "Using archive footage and interviews, it tells the story of a forgotten 1970s women's football team.",
            "The filmmakers spent three years following a group of long-distance lorry drivers.",
            "{film} investigates the collapse of a small-town bank through interviews with the people who lost everything.",
            "It is a portrait of a ninety-year-old marathon runner, told in her own words.",
            "This documentary follows a team of volunteers rescuing hedgehogs across the north of England.",
            "The film pieces together a decades-old miscarriage of justice from court records and home videos.",
            "{film} follows beekeepers on four continents as their colonies collapse.",
            "It is a nature documentary about the secret lives of urban foxes.",
            "The director turns the camera on her own family to ask why her grandfather never spoke about the war.",
            "Through rare archive footage, it traces the rise and fall of a legendary dance hall.",
            "It is a fly-on-the-wall look at a year inside a busy children's hospital.",
            "{film} documents the building of a bridge over a remote Norwegian fjord.",
            "The documentary profiles a reclusive inventor who built his own submarine in a barn.",
            "It follows a school chess club from a struggling estate all the way to the national finals.",
            "The filmmaker interviews former members of a notorious religious commune.",
            "{film} is a documentary about the handful of people who still restore old pipe organs.",
            "It chronicles a fishing village fighting to survive as the fish disappear.",
            "It is a record of the last season of a family-run travelling circus.",
            "The documentary examines how a viral rumour destroyed a local bakery.",
            "It follows a crew of climate scientists drilling into the Greenland ice.",
            "The film gathers testimony from the surviving workers of a long-closed steelworks.",
        ],
        "pos": [
            "The interviews are candid and often moving.",
            "The archive footage is remarkable; I had no idea it existed.",
            "The narration is a little dry, but the subject is fascinating.",
            "It is informative without ever feeling like a lecture.",
            "I learned more in ninety minutes than in a year of reading the news.",
            "The filmmakers clearly earned the trust of their subjects.",
            "The real people on screen are more compelling than any actor could be.",
            "The reconstructions are cheesy, but the testimony is powerful.",
            "It is the kind of film that should be shown in schools.",
            "The footage from inside the factory is astonishing.",
            "It raises urgent questions and does not pretend to have all the answers.",
            "The use of old home movies is heartbreaking.",
            "The research behind it is meticulous.",
            "The wildlife photography is jaw-dropping.",
            "It is a fair, balanced look at a very divisive subject.",
            "The subjects speak for themselves, and the film wisely gets out of their way.",
        ],
        "neg": [
            "It is one-sided, never giving the company a chance to respond.",
            "The talking heads go on a bit.",
            "The director's voice-over is intrusive and self-regarding.",
            "It feels more like an extended news report than a film.",
            "The statistics on screen come so thick and fast that I stopped reading them.",
            "It skates over the most interesting interviewee in favour of a parade of experts.",
            "The archive material is thin, so the same three clips are shown again and again.",
        ],
        "implied": [
            "I went straight home and read everything I could find about it.",
            "The woman at the centre of it all is still alive, and she is extraordinary.",
            "You could not make this up, and nobody did.",
            "Some of these people have never spoken publicly before.",
            "It made me want to donate to the cause.",
            "The grainy camcorder clips from 1994 are priceless.",
            "Every word of it actually happened.",
            "The title cards about what happened next are devastating.",
            "The man who started it all sits in his kitchen and explains it with a shrug.",
            "The crew were clearly in real danger while filming.",
            "It changed my mind about an issue I thought I understood.",
            "The subject's daughter tells the story better than any script could.",
            "The newspaper clippings from the time make it all the more shocking.",
        ],
    },
}

# Genre-neutral sentences, fit for any genre.
GENERIC = {
    "pos": [
        "I would happily watch it again.",
        "It is one of the best films of the year.",
        "The photography is lovely throughout.",
        "The editing is crisp.",
        "I saw it at a festival and it was the talk of the week.",
        "The music is well chosen.",
        "I cannot recommend it highly enough.",
        "I went in with low expectations and came out pleasantly surprised.",
        "It is a solid, well-made film.",
        "{director} clearly knows what they are doing.",
        "It is worth seeing on the biggest screen you can find.",
        "The opening ten minutes are terrific.",
        "It is better than the reviews suggest.",
        "The sound design is excellent.",
        "I will be thinking about {film} for a while.",
        "This is a confident debut.",
        "It has a few flaws, but I enjoyed it.",
        "Give it a chance.",
        "It was worth the ticket price.",
        "My whole family enjoyed {film}.",
    ],
    "neg": [
        "It was a bit of a letdown, to be honest.",
        "It runs about twenty minutes too long.",
        "It is forgettable, frankly.",
        "It never quite lives up to its promising opening.",
        "I was bored for long stretches.",
        "It feels rushed in places.",
        "Overall, a disappointment.",
        "It is far too pleased with itself.",
        "I expected much more from {director}.",
        "{film} has been hugely overhyped.",
    ],
    "mix": [
        "Not perfect, but well worth a look.",
        "It is a bit uneven, but the highs are high.",
        "My friends loved it more than I did.",
        "It is flawed, but there is nothing else quite like it.",
    ],
}

# Genre-neutral sentences that assume actors and a script (never documentary).
GENERIC_FICTION = {
    "pos": [
        "The cast is excellent.",
        "{actor} is terrific in the lead role.",
        "The dialogue is sharp.",
        "The supporting cast is strong.",
        "The lead performance holds it all together.",
        "{actor} gives it everything.",
    ],
    "neg": [
        "The script could have used another draft.",
        "The ending feels a little rushed.",
        "{actor} seems to be sleepwalking through it.",
        "The plot is easy to follow, perhaps too easy.",
    ],
    "mix": [],
}

# --------------------------------------------------------------------------
# Composition
# --------------------------------------------------------------------------


def fill(template, names):
    return template.format(**names)


def draw_names(rng):
    actor, they, their, them = rng.choice(ACTORS)
    return {
        "film": rng.choice(FILMS),
        "actor": actor,
        "they": they,
        "their": their,
        "them": them,
        "s": "s",  # verb agreement for "{they} give{s}" (all pronouns are singular)
        "char": rng.choice(CHARACTERS[they]),
        "director": rng.choice(DIRECTORS),
        "composer": rng.choice(COMPOSERS),
    }


def pick_polarity(rng):
    r = rng.random()
    return "pos" if r < 0.40 else ("neg" if r < 0.75 else "mix")


def pick_from(rng, bank, polarity, used):
    """Pick an unused sentence from a {"pos": [...], "neg": [...]} bank."""
    if polarity == "mix":
        side = rng.choice(["pos", "neg"])
    else:
        side = polarity
    choices = [s for s in bank[side] if s not in used]
    s = rng.choice(choices)
    used.add(s)
    return s


def neutral_sentence(rng, polarity, used):
    verdict = "mix" if polarity == "mix" else polarity
    pool = NEUTRAL["ctx"] if rng.random() < 0.6 else NEUTRAL[verdict]
    choices = [s for s in pool if s not in used]
    s = rng.choice(choices)
    used.add(s)
    return s


def make_aspect_review(rng, k):
    chosen = set(rng.sample(ASPECTS, k))
    labels = [a for a in ASPECTS if a in chosen]
    polarity = pick_polarity(rng)
    names = draw_names(rng)
    used = set()
    parts = []
    remaining = list(labels)
    if k >= 2 and rng.random() < 0.4:
        cands = [c for c in ASPECT_COMBINED
                 if set(c[0]) <= set(remaining) and (c[1] == polarity or polarity == "mix")]
        if cands:
            labs, _, text = rng.choice(cands)
            parts.append(text)
            used.add(text)
            remaining = [a for a in remaining if a not in labs]
    for a in remaining:
        parts.append(pick_from(rng, ASPECT_BANK[a], polarity, used))
    # sometimes a second sentence on the same aspect
    if labels and len(parts) < 4 and rng.random() < 0.2:
        parts.append(pick_from(rng, ASPECT_BANK[rng.choice(labels)], polarity, used))
    rng.shuffle(parts)
    if k == 0:
        n_neutral = rng.choice([1, 1, 2, 2, 2, 3])
    else:
        n_neutral = min(rng.choice([0, 0, 0, 1, 1, 2]), 5 - len(parts))
    for _ in range(n_neutral):
        s = neutral_sentence(rng, polarity, used)
        if rng.random() < 0.5:
            parts.insert(0, s)
        else:
            parts.append(s)
    text = " ".join(fill(p, names) for p in parts)
    return text, labels


def make_genre_review(rng, genre):
    bank = GENRE_BANK[genre]
    polarity = pick_polarity(rng)
    names = draw_names(rng)
    used = set()
    head = []
    body = []
    hard = rng.random() < 0.22
    if hard:
        n_imp = rng.choice([1, 1, 2])
        for s in rng.sample(bank["implied"], n_imp):
            body.append(s)
    else:
        if rng.random() < 0.7:
            head.append(rng.choice(bank["premise"]))
        n_el = rng.choice([0, 1, 1, 2]) if head else rng.choice([1, 1, 2])
        for _ in range(n_el):
            body.append(pick_from(rng, bank, polarity, used))
        if rng.random() < 0.15:
            body.append(rng.choice(bank["implied"]))
    n_generic = rng.choice([0, 0, 1, 1, 2])
    n_generic = min(n_generic, 4 - len(head) - len(body))
    generic = dict(GENERIC)
    if genre != "documentary" and rng.random() < 0.35:
        generic = GENERIC_FICTION
    for _ in range(n_generic):
        side = polarity if (polarity != "mix" or generic["mix"]) else rng.choice(["pos", "neg"])
        choices = [s for s in generic[side] if s not in used]
        if not choices:
            break
        s = rng.choice(choices)
        used.add(s)
        body.append(s)
    rng.shuffle(body)
    if head and rng.random() < 0.2:
        parts = body[:1] + head + body[1:]
    else:
        parts = head + body
    return " ".join(fill(p, names) for p in parts)


def exact_counts(n, shares):
    """Integer counts per key, summing to n, proportional to shares."""
    keys = [k for k, _ in shares]
    raw = [n * s for _, s in shares]
    counts = [int(r) for r in raw]
    rest = n - sum(counts)
    order = sorted(range(len(keys)), key=lambda i: (-(raw[i] - counts[i]), i))
    for i in order[:rest]:
        counts[i] += 1
    return dict(zip(keys, counts))


def build_aspects(rng, n, taken):
    sizes = []
    for k, c in exact_counts(n, ASPECT_SIZE_SHARES).items():
        sizes += [k] * c
    rng.shuffle(sizes)
    rows = []
    for k in sizes:
        while True:
            text, labels = make_aspect_review(rng, k)
            if text not in taken:
                break
        taken.add(text)
        rows.append((text, ",".join(labels)))
    return rows


def build_genres(rng, n, taken):
    plan = []
    for g, c in exact_counts(n, [(g, GENRE_SHARES[g]) for g in GENRES]).items():
        plan += [g] * c
    rng.shuffle(plan)
    rows = []
    for g in plan:
        while True:
            text = make_genre_review(rng, g)
            if text not in taken:
                break
        taken.add(text)
        rows.append((text, g))
    return rows


def write_tsv(path, header, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(header + "\n")
        for text, label in rows:
            assert "\t" not in text and "\n" not in text and "\r" not in text, text
            f.write(text + "\t" + label + "\n")


# --------------------------------------------------------------------------
# Lint: flag sentences whose words hint at an aspect they are not tagged with
# --------------------------------------------------------------------------

KEYWORDS = {
    "acting": r"\b(cast|perform\w*|actors?|actress|acting|chemistry|miscast|roles?|overact\w*)\b",
    "story": r"\b(plot|script|screenplay|story|writing|writers?|written|dialogue|characters?|subplot|premise|narrative)\b",
    "visuals": r"\b(cinematograph\w*|photograph\w*|cgi|effects|shots?|camera|lighting|lit|frames?|costumes?|visual\w*|makeup|sets)\b",
    "music": r"\b(music\w*|score|soundtrack|songs?|theme|composer|strings|piano|synth|choir|choral|sung|sings?|hum\w*ing)\b",
    "pacing": r"\b(pace|pacing|paced|drags?|slow\w*|brisk\w*|long|minutes|hours?|runtime|edit\w*|momentum|rushed|slog|sags?)\b",
    "humour": r"\b(funn\w*|laugh\w*|jokes?|gags?|humou?r\w*|comic|comedy|comedies|wit|witty|wits|hilari\w*|giggl\w*|punchlines?|slapstick|quips?|one-liners|satire|banter|howl\w*|amus\w*)\b",
    "ending": r"\b(end|ending|ends|final\w*|last|climax|conclu\w*|resolution|twist|epilogue|closing|wraps?|denouement|showdown)\b",
}


def lint():
    found = 0
    items = []
    for a, bank in ASPECT_BANK.items():
        for side in bank.values():
            items += [((a,), s) for s in side]
    items += [(labs, s) for labs, _, s in ASPECT_COMBINED]
    for side in NEUTRAL.values():
        items += [((), s) for s in side]
    for labs, s in items:
        for a, rx in KEYWORDS.items():
            if a not in labs and re.search(rx, s, re.I):
                found += 1
                print("lint: %-28s hints %-8s : %s" % (",".join(labs) or "-", a, s))
    return found


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.normpath(os.path.join(here, "..", "..", "main", "resources", "sample"))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=default_out, help="sample directory (default: %(default)s)")
    ap.add_argument("--lint", action="store_true", help="only print keyword hints and exit")
    args = ap.parse_args()
    if args.lint:
        lint()
        return 0

    for a, bank in ASPECT_BANK.items():
        n = len(bank["pos"]) + len(bank["neg"])
        assert n >= 40, (a, n)
    for g, bank in GENRE_BANK.items():
        n = sum(len(v) for v in bank.values())
        assert n >= 40, (g, n)

    rng = random.Random(20240611)
    taken = set()
    train = build_aspects(rng, 800, taken)
    test = build_aspects(rng, 200, taken)
    write_tsv(os.path.join(args.out, "aspects", "train.tsv"), "text\tlabels", train)
    write_tsv(os.path.join(args.out, "aspects", "test.tsv"), "text\tlabels", test)

    rng = random.Random(20240612)
    taken = set()
    train = build_genres(rng, 800, taken)
    test = build_genres(rng, 200, taken)
    write_tsv(os.path.join(args.out, "genres", "train.tsv"), "text\tlabel", train)
    write_tsv(os.path.join(args.out, "genres", "test.tsv"), "text\tlabel", test)
    print("wrote samples under", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
