"""Hand-written word lists the recognizers share (English and Spanish), lower case, no accents.

These are our own lists, kept short on purpose: the words that decide whether a capitalized token
next to them is a name, and the words that never are one.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Titles after which the next word is a name even in lower case ("mr smith").
HONORIFIC_ABBREVIATIONS = _words("mr mrs ms mx dr sr sra srta prof profa lic ing")

#: Titles after which a *capitalized* word is a name ("Coach Taylor", "Señora Ruiz").
HONORIFIC_WORDS = _words(
    """
    miss mister missus doctor professor coach principal nurse officer pastor father
    auntie aunt uncle grandma grandpa granny nana cousin madame madam
    senor senora senorita don dona maestro maestra profe profesor profesora
    tia tio abuela abuelo doctora licenciado licenciada
    """
)

#: "my ___ NAME": the people children mention (English), singular.
RELATIONS_EN = (
    "best friend|friend|bestie|buddy|pal|brother|sister|bro|sis|twin|mom|mommy|mum|mama|"
    "dad|daddy|papa|mother|father|stepmom|stepdad|stepmother|stepfather|stepbrother|stepsister|"
    "cousin|teacher|tutor|neighbor|neighbour|classmate|grandma|grandpa|grandmother|grandfather|"
    "granny|nana|aunt|auntie|uncle|babysitter|nanny|coach|principal|boyfriend|girlfriend|"
    "counselor|counsellor|therapist|doctor|crush|partner|lab partner|homeroom teacher|math teacher"
)
#: "mi ___ NAME" (Spanish).
RELATIONS_ES = (
    "mejor amigo|mejor amiga|amigo|amiga|hermano|hermana|hermanito|hermanita|primo|prima|"
    "mama|mamá|papa|papá|madre|padre|madrastra|padrastro|maestro|maestra|profe|profesor|"
    "profesora|tio|tío|tia|tía|abuelo|abuela|abuelita|abuelito|vecino|vecina|compañero|"
    "compañera|companero|companera|novio|novia|niñera|entrenador|entrenadora"
)
#: Adjectives that may sit between "my" and the relation ("my little brother").
RELATION_ADJECTIVES = "little|big|older|younger|baby|best|new|old|other|twin|step|oldest|youngest"

#: Words that greet or praise and are often followed by the listener's name.
VOCATIVE_OPENERS = (
    "hi|hello|hey|heya|hiya|thanks|thank you|good job|great job|nice job|good work|great work|"
    "nice work|well done|nice try|good try|awesome job|bye|goodbye|see you|good morning|"
    "good afternoon|good evening|welcome|congrats|congratulations|sorry|okay|ok|yes|no|right|"
    "hola|gracias|muy bien|buen trabajo|adios|adiós|hasta luego|perfecto|excelente|bienvenido|"
    "bienvenida|buenos dias|buenos días|buenas tardes|felicidades"
)

#: Common words that are never the start of a name, even capitalized (English and Spanish).
STOPWORDS = _words(
    """
    a an the and or but if then so because as at by for from in into of off on onto out over to up
    with without about above after again against all almost also am any are around away back be
    been before being below between both can cannot could did do does doing done down during each
    else even ever every few first further had has have having he her here hers herself him himself
    his how however i im i'm is it its itself just last least less let lets like made make many may
    maybe me might mine more most much must my myself never new next no nor not now off often oh ok
    okay once one only other our ours ourselves own quite rather really right same she should since
    some something still such sure than that thats the their theirs them themselves there these they
    thing things this those though through thus too under until very was we well were what whatever
    when where which while who whom whose why will would yes yet you your yours yourself yourselves
    hi hello hey bye thanks thank please sorry yeah yep yup nope nah hmm hm um umm uh uhh ah
    oops wow
    cool great good nice awesome perfect correct exactly excellent amazing super fine fun funny
    happy sad tired bored confused stuck lost ready done finished almost trying going thinking
    working doing getting looking learning stuck here there everyone everybody someone somebody
    anyone anybody nobody none today tomorrow yesterday tonight morning afternoon evening night
    week weekend month year time minute minutes hour hours second seconds day days
    student tutor teacher assistant ai bot user system agent speaker human parent mom dad
    answer answers question questions problem problems hint hints step steps note example
    solution check remember tip rule formula equation number numbers fraction fractions
    math maths homework test quiz lesson chapter unit grade page section part level class
    school online zoom google okay alright anyway also actually basically let's lets great
    not sure nervous excited scared hungry busy late early new old big small little
    first second third fourth fifth last next same different easy hard tricky simple
    add subtract multiply divide plus minus times equals equal sum total difference product
    quotient half double triple square root cube area perimeter volume angle line point graph
    yo tu el ella nosotros ellos usted ustedes mi mis su sus un una uno unos unas lo la los las le
    les de del al en con sin por para que qué como cómo cuando donde quien es son soy eres somos
    está esta estoy estás estamos era fue ser estar hay muy mas más menos pero porque pues bueno
    buena bien mal si sí no ya todo toda todos nada algo aqui aquí alli allí ahora luego entonces
    vale claro gracias hola adios perdón perdon lista listo cansado cansada aburrido aburrida
    confundido confundida feliz triste nuevo nueva primero primera segundo segunda respuesta
    pregunta problema ejemplo tarea clase escuela maestro maestra profe numero número suma resta
    ok okey bien también tambien otra otro cada mismo misma
    lol idk omg btw gonna wanna kinda sorta yea thx pls plz ur ya lmao bruh dude bro sis okk okie
    ight nvm tbh imo gotta lemme dunno prolly cuz coz tho thru whats dont cant wont isnt ive youre
    theyre hes shes oye mira pues neta wey guey porfa mami papi abue jaja jajaja haha hehe xd sip
    nop chale orale andale ahorita chido chava chavo later back soon now casi vamos piensa dime ojo
    venga
    """
)

#: Given names that are also stopwords: a name only when capitalized right after a context
#: ("my friend Will", "me llamo Ella").
NAMES_ALSO_STOPWORDS = _words("will may ella mira alli")

#: Names of mathematicians, methods and Greek letters: never a person by the name list alone.
MATH_WORDS = _words(
    """
    pythagoras pythagorean euler eulers pascal pascals fibonacci newton newtons gauss gaussian
    venn cartesian descartes euclid euclidean archimedes fermat riemann leibniz napier bernoulli
    kepler galileo hooke boyle ohm avogadro planck bayes bayesian markov poisson lagrange laplace
    cauchy hilbert mobius koch sierpinski mandelbrot heron thales ptolemy cramer horner ruffini
    pitagoras noether turing lovelace hypatia eratosthenes diophantus fourier maclaurin
    pi tau alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron rho
    sigma upsilon phi chi psi omega sine cosine tangent sin cos tan log ln celsius fahrenheit kelvin
    pemdas bodmas gemdas
    """
)

#: Months, days and seasons, which are also given names ("May", "June", "Summer").
CALENDAR_WORDS = _words(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday spring summer autumn fall winter
    enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
    lunes martes miercoles jueves viernes sabado domingo primavera verano otono invierno
    """
)

#: Forms of address and ranks: a name only after a context, never by the list alone.
TITLE_WORDS = _words(
    "sir madam maam lady lord king queen prince princess royal captain chief boss duke earl baron"
)

#: Places that are also given names or surnames ("Dallas", "Georgia"): a name only in context.
PLACE_NAMES = _words(
    """
    alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho
    illinois iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
    mississippi missouri nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah
    vermont washington wisconsin wyoming dallas austin houston denver phoenix memphis nashville
    atlanta boston chicago detroit miami orlando tampa seattle portland bronx manhattan queens
    harlem tucson sacramento laredo paris london berlin madrid sevilla seville valencia granada
    barcelona bilbao toledo cordoba cairo china israel africa america europe canada mexico chile
    peru cuba brazil egypt italy france spain england ireland scotland
    """
)

#: Words that may stand before a colon at a line start without being a speaker's name.
LABEL_WORDS = _words(
    """
    tutor student teacher assistant ai bot user system agent speaker human parent mom dad guardian
    caller customer interviewer narrator moderator host transcript summary note notes answer hint
    step question problem example solution check remember tip rule formula equation definition
    result total work goal task part chapter lesson unit topic subject grade date time warmup
    review practice exercise homework quiz test fact facts vocabulary word words key tutora
    estudiante alumno alumna maestro maestra profesor profesora respuesta pregunta problema
    ejemplo paso nota tarea resumen
    """
)

#: Name particles that never stand alone as a name ("de la Cruz", "van Dyke").
NAME_PARTICLES = _words(
    "de del la las los el da das do dos di du van von der den le y e al bin ibn st san santa"
)

#: Words that, placed right before a house number and street, say "this is my address".
ADDRESS_CONTEXT = (
    "live at|lives at|living at|address is|address|moved to|live on|lives on|vivo en|"
    "direccion|dirección|domicilio"
)

#: Generic words that cannot be the name part of a school ("high school", "my school").
GENERIC_SCHOOL_WORDS = _words(
    """
    high middle elementary junior senior primary secondary public private charter summer sunday
    art arts math music dance language night boarding grade new old my your our the a this that
    his her their big local online virtual home middle-school same other another different next
    first last previous old-school nursery pre preschool kinder kindergarten regular special
    medical law business cooking driving flight film coding
    """
)

#: Words that end a name: what follows a name in a school, street or place name.
STRUCTURE_WORDS = _words(
    """
    elementary middle high junior school academy university college institute isd cisd usd
    district prep preparatory charter montessori kindergarten primary secondary intermediate
    street st avenue ave road rd lane ln drive dr boulevard blvd way court ct place plaza park
    circle terrace parkway highway trail square center centre library hospital church
    theorem formula triangle law rule method identity sequence equation
    """
)
