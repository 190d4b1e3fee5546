"""Short test articles, written for these tests: five reports of the Juliaca killings of
9 January 2023 (three English, one of them a syndicated copy of another, and two Spanish), and
reports naming Jeanine Áñez in different spellings."""

from __future__ import annotations

JULIACA = {
    "en_wire.txt": (
        "Seventeen killed in clashes near Peru's Juliaca airport\n\n"
        "JULIACA, Peru, Jan. 10, 2023 (Andes Newswire) - Security forces killed 17 civilians on "
        "Monday in Juliaca, in Peru's southern Puno region, as protesters tried to take the "
        "city's airport, health officials said. Dozens of people were wounded.\n\n"
        "The protesters demand the resignation of President Dina Boluarte and early elections. "
        "The government said the police had acted to defend the airport.\n"
    ),
    "en_wire_copy.txt": (
        "Seventeen killed in clashes near Peru's Juliaca airport\n\n"
        "JULIACA, Peru, Jan. 10, 2023 (Andes Newswire) - Security forces killed 17 civilians on "
        "Monday in Juliaca, in Peru's southern Puno region, as protesters tried to take the "
        "city's airport, health officials said. Dozens of people were wounded.\n\n"
        "The protesters demand the resignation of President Dina Boluarte and early elections. "
        "The government said the police had acted to defend the airport.\n\n"
        "Republished by the Lakeside Courier.\n"
    ),
    "en_daily.txt": (
        "Deadliest day of Peru's unrest\n\n"
        "LIMA, Jan. 11, 2023 - Eighteen people were killed on Monday, January 9, when police "
        "and soldiers opened fire on demonstrators near the airport of Juliaca, regional "
        "health authorities said on Wednesday, raising an earlier count.\n\n"
        "It was the deadliest day since the protests against President Dina Boluarte began "
        "in December.\n"
    ),
    "es_radio.txt": (
        "Juliaca: diecisiete muertos\n\n"
        "PUNO, 10 de enero de 2023. Diecisiete civiles murieron el lunes en Juliaca cuando las "
        "fuerzas de seguridad dispararon contra manifestantes que intentaban tomar el "
        "aeropuerto de la ciudad, informó la Dirección Regional de Salud de Puno.\n\n"
        "Los manifestantes exigen la renuncia de la presidenta Dina Boluarte.\n"
    ),
    "es_diario.txt": (
        "Dieciocho fallecidos en Juliaca\n\n"
        "LIMA, 11 de enero de 2023. Dieciocho personas murieron el lunes 9 de enero en Juliaca "
        "durante la represión policial y militar de una protesta cerca del aeropuerto, según "
        "el último reporte de las autoridades de salud.\n"
    ),
}

ANEZ = {
    "es_anez.txt": (
        "Áñez asume la presidencia\n\n"
        "LA PAZ, 13 de noviembre de 2019. La senadora Jeanine Áñez se proclamó presidenta "
        "interina de Bolivia el martes, dos días después de la renuncia de Evo Morales.\n"
    ),
    "en_anez.txt": (
        "Bolivia's interim leader\n\n"
        "LA PAZ, Nov. 15, 2019 - Bolivia's interim government said on Friday that Añez would "
        "call new elections soon.\n"
    ),
}
