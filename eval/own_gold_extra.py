"""Gold-only Spanish documents (x01-x06) for eval/own.jsonl: no file in the sample corpus.

Different wording styles: radio transcript, NGO communiqués, court news, a thread of posts.
Original texts written for veeduria; the outlets, NGOs and accounts are fictional.
"""

# ruff: noqa: E501  (annotation data: one event, entity or note per line)
from __future__ import annotations

from typing import Any

from own_gold_sample import E, N, T

DOCS: list[dict[str, Any]] = []


def doc(id_: str, lang: str, published: str | None, topic: str, text: str,
        events: list[dict[str, Any]], entities: list[dict[str, Any]],
        tolls: list[dict[str, Any]], notes: str) -> None:
    DOCS.append({"id": id_, "lang": lang, "published": published, "distractor": False,
                 "topic": topic, "text": text.strip(),
                 "gold": {"events": events, "entities": entities, "death_tolls": tolls},
                 "notes": notes})


OAS = "Organization of American States"

doc("x01", "es", "2009-06-28", "honduras_2009", """
TRANSCRIPCIÓN - Radio Voces del Valle, noticiero de la noche, domingo 28 de junio de 2009

LOCUTORA: Buenas noches, Honduras. Resumimos lo ocurrido en esta jornada. Antes del amanecer, militares irrumpieron en la residencia del presidente Manuel Zelaya en Tegucigalpa, lo sacaron de su casa y lo trasladaron en avión a Costa Rica.

LOCUTORA: Por la tarde, el Congreso Nacional leyó una supuesta carta de renuncia del mandatario, que Zelaya niega haber firmado, y juramentó como presidente al titular del Congreso, Roberto Micheletti.

CORRESPONSAL: Estoy frente a Casa Presidencial. Cientos de simpatizantes de Zelaya levantaron barricadas con piedras y llantas y gritan consignas contra los militares, que mantienen el cerco. Por ahora no hay enfrentamientos.

LOCUTORA: Gracias. El nuevo gobierno anunció un toque de queda nocturno de 48 horas.

LOCUTORA: En el exterior, la Organización de los Estados Americanos condenó el golpe en una sesión extraordinaria, y el presidente de Estados Unidos, Barack Obama, se declaró profundamente preocupado.

LOCUTORA: Desde San José, Zelaya dijo en conferencia de prensa que fue víctima de un secuestro y que regresará a terminar su mandato. La encuesta que el presidente había convocado para hoy no se realizó.
""", [
    E("regime_change", "2009-06-28", "HN", "Tegucigalpa", actors=["Manuel Zelaya", "Roberto Micheletti", "Congreso Nacional de Honduras"]),
    E("protest", "2009-06-28", "HN", "Casa Presidencial, Tegucigalpa"),
    E("state_of_emergency", "2009-06-28", "HN", actors=["Gobierno de Honduras"]),
    E("diplomatic_statement", "2009-06-28", "HN", actors=[OAS]),
    E("diplomatic_statement", "2009-06-28", "HN", actors=["Barack Obama", "United States"]),
    E("other", "2009-06-28", "CR", "San José", actors=["Manuel Zelaya"]),
], [
    N("Radio Voces del Valle", "organization", "Radio Voces del Valle"),
    N("Honduras", "country", "Honduras"),
    N("Manuel Zelaya", "person", "Manuel Zelaya", "Zelaya"),
    N("Tegucigalpa", "place", "Tegucigalpa"),
    N("Costa Rica", "country", "Costa Rica"),
    N("Congreso Nacional de Honduras", "government_body", "Congreso Nacional", "Congreso"),
    N("Roberto Micheletti", "person", "Roberto Micheletti"),
    N("Casa Presidencial", "place", "Casa Presidencial"),
    N("Gobierno de Honduras", "government_body", "nuevo gobierno"),
    N(OAS, "organization", "Organización de los Estados Americanos"),
    N("United States", "country", "Estados Unidos"),
    N("Barack Obama", "person", "Barack Obama"),
    N("San José", "place", "San José"),
], [], "Radio transcript, Sunday 2009-06-28; every event is of 'esta jornada' / 'hoy' = 06-28. Zelaya's removal by soldiers, expulsion to Costa Rica, the Congress's reading of a disputed resignation letter and Micheletti's swearing-in are one regime_change (removal and installation; the detention is the means of removal, not a separate arrest). Barricades at Casa Presidencial -> protest ('no hay enfrentamientos': no clash). The new government's curfew -> state_of_emergency. OAS condemnation and Obama's concern -> two diplomatic_statement events. Zelaya's press conference in San José -> other, country CR (where it happened). The poll that 'no se realizó' is a negation, not an event. Speaker labels (LOCUTORA, CORRESPONSAL) are not entities.")

doc("x02", "es", "2009-07-06", "honduras_2009", """
COMUNICADO PÚBLICO

El Colectivo Hondureño por la Memoria denuncia ante la comunidad nacional e internacional el asesinato del joven Isis Obed Murillo, de 19 años, ocurrido ayer, domingo 5 de julio, en las inmediaciones del aeropuerto internacional Toncontín, en Tegucigalpa, cuando efectivos del Ejército dispararon contra miles de personas que esperaban el aterrizaje del avión en que regresaba el presidente Manuel Zelaya. Otras personas resultaron heridas.

El avión no pudo aterrizar porque los militares bloquearon la pista con vehículos, y tuvo que desviarse a Managua.

Recordamos que el sábado 4 de julio la Asamblea General de la OEA suspendió a Honduras de la organización, por la ruptura del orden constitucional causada por el golpe de Estado del 28 de junio.

Exigimos que el Ministerio Público investigue la muerte de Isis Obed y sancione a los responsables, y responsabilizamos al régimen de facto de Roberto Micheletti por la integridad de quienes se manifiestan pacíficamente.

Tegucigalpa, 6 de julio de 2009.
""", [
    E("repression_killing", "2009-07-05", "HN", "Aeropuerto Internacional Toncontín, Tegucigalpa", fatalities=1, actors=["Ejército de Honduras", "Isis Obed Murillo"]),
    E("protest", "2009-07-05", "HN", "Aeropuerto Internacional Toncontín, Tegucigalpa", actors=["Manuel Zelaya"]),
    E("other", "2009-07-05", "HN", "Aeropuerto Internacional Toncontín, Tegucigalpa", actors=["Manuel Zelaya"]),
    E("diplomatic_statement", "2009-07-04", "HN", actors=[OAS, "Honduras"]),
    E("regime_change", "2009-06-28", "HN"),
], [
    N("Colectivo Hondureño por la Memoria", "organization", "Colectivo Hondureño por la Memoria"),
    N("Isis Obed Murillo", "person", "Isis Obed Murillo", "Isis Obed"),
    N("Aeropuerto Internacional Toncontín", "place", "aeropuerto internacional Toncontín"),
    N("Tegucigalpa", "place", "Tegucigalpa"),
    N("Ejército de Honduras", "government_body", "Ejército"),
    N("Manuel Zelaya", "person", "Manuel Zelaya"),
    N("Managua", "place", "Managua"),
    N(OAS, "organization", "OEA"),
    N("Honduras", "country", "Honduras"),
    N("Ministerio Público de Honduras", "government_body", "Ministerio Público"),
    N("Roberto Micheletti", "person", "Roberto Micheletti"),
    N("Gobierno de Honduras", "government_body", "régimen de facto"),
], [], "NGO communiqué dated 2009-07-06: 'ayer, domingo 5 de julio' = 07-05, 'el sábado 4 de julio' = 07-04, 'golpe de Estado del 28 de junio' = 2009-06-28. Army fire on the crowd at Toncontín kills Isis Obed Murillo -> repression_killing, fatalities 1, 'efectivos del Ejército' names the body; 'otras personas resultaron heridas' has no number -> injured null. The crowd awaiting Zelaya -> protest (he is the figure awaited, coded as actor). The runway blocked and the plane diverted to Managua -> other. OAS suspension of Honduras -> diplomatic_statement. The 28 June coup is background (regime_change). 'Exigimos' and 'responsabilizamos' are calls and accusations, not events; 'régimen de facto' (of Micheletti) is the de facto government -> alias of Gobierno de Honduras.")

doc("x03", "es", "2018-09-04", "guatemala", """
Comunicado del Colectivo por el Agua de Santa Rosa

Santa Rosa, Guatemala, 4 de septiembre de 2018

Celebramos la resolución de la Corte de Constitucionalidad (CC), que confirmó ayer, lunes 3 de septiembre, que la licencia de la mina El Escobal seguirá suspendida hasta que el Ministerio de Energía y Minas (MEM) realice una consulta con el pueblo xinka, como exige el Convenio 169 de la OIT.

La mina, ubicada en San Rafael Las Flores y operada por Minera San Rafael, subsidiaria de la canadiense Tahoe Resources, está paralizada desde mediados de 2017, cuando la Corte Suprema de Justicia suspendió provisionalmente la licencia.

Saludamos a las comunidades que mantienen desde junio de 2017 el plantón de resistencia pacífica en Casillas, sobre la carretera que conduce a la mina.

No olvidamos que el 27 de abril de 2013 guardias de seguridad de la mina dispararon contra pobladores que protestaban frente a la entrada de la mina, y que varias personas resultaron heridas.

Pedimos al MEM que la consulta sea de buena fe, previa, libre e informada, y que no se repita la criminalización de quienes defienden el territorio.
""", [
    E("legal_action", "2018-09-03", "GT", actors=["Corte de Constitucionalidad", "Escobal", "Ministerio de Energía y Minas de Guatemala"]),
    E("legal_action", "2017", "GT", actors=["Corte Suprema de Justicia de Guatemala", "Escobal"]),
    E("protest", "2017-06", "GT", "Casillas", actors=["Escobal"]),
    E("mining_conflict", "2013-04-27", "GT", "Escobal, San Rafael Las Flores", actors=["Escobal"]),
], [
    N("Colectivo por el Agua de Santa Rosa", "organization", "Colectivo por el Agua de Santa Rosa"),
    N("Santa Rosa", "place", "Santa Rosa"),
    N("Guatemala", "country", "Guatemala"),
    N("Corte de Constitucionalidad", "government_body", "Corte de Constitucionalidad", "CC"),
    N("Escobal", "place", "El Escobal"),
    N("Ministerio de Energía y Minas de Guatemala", "government_body", "Ministerio de Energía y Minas", "MEM"),
    N("International Labour Organization", "organization", "OIT"),
    N("San Rafael Las Flores", "place", "San Rafael Las Flores"),
    N("Minera San Rafael", "company", "Minera San Rafael"),
    N("Tahoe Resources", "company", "Tahoe Resources"),
    N("Corte Suprema de Justicia de Guatemala", "government_body", "Corte Suprema de Justicia"),
    N("Casillas", "place", "Casillas"),
], [], "Communiqué dated 2018-09-04: 'ayer, lunes 3 de septiembre' = 09-03. The Constitutional Court's ruling keeping the licence suspended pending consultation -> legal_action (court ruling; the mine is a place and a target actor). The Supreme Court's provisional suspension 'a mediados de 2017' -> legal_action '2017'. The stoppage since 2017 is a state caused by the ruling, not coded separately. The Casillas sit-in on the road to the mine (away from the gate) -> protest '2017-06' (DEV.md: road blockades away from the mine are protest). 27 April 2013: guards shooting at protesters at the mine entrance, no deaths -> mining_conflict; 'varias personas' -> injured null. 'pueblo xinka' is a people; 'Convenio 169 de la OIT' names the ILO (entity), the convention itself is not an entity. 'canadiense' is a demonym. Requests to the MEM are calls.")

doc("x04", "es", "2019-07-31", "guatemala", """
TRIBUNALES | Pan American Silver pide disculpas a los heridos de Escobal y pone fin a la demanda en Canadá

Vancouver / Ciudad de Guatemala, 31 de julio de 2019 (Crónica Judicial).- La minera Pan American Silver, que este año adquirió a Tahoe Resources, ofreció el martes una disculpa pública a siete hombres guatemaltecos que resultaron heridos cuando guardias de seguridad de la mina Escobal les dispararon durante una protesta pacífica el 27 de abril de 2013, y puso fin a la demanda que estos habían presentado en 2014 ante la Corte Suprema de Columbia Británica.

Los términos económicos del acuerdo no se hicieron públicos.

En 2017, el Tribunal de Apelaciones de Columbia Británica había permitido que el caso se juzgara en Canadá y no en Guatemala, una decisión que las organizaciones de derechos humanos consideraron un precedente para las demandas contra mineras canadienses por hechos ocurridos en el extranjero.

La mina, en San Rafael Las Flores, sigue paralizada a la espera de la consulta al pueblo xinka que ordenó la Corte de Constitucionalidad en 2018.
""", [
    E("legal_action", "2019-07-30", "CA", actors=["Pan American Silver", "Supreme Court of British Columbia"]),
    E("mining_deal_or_investment", "2019", None, actors=["Pan American Silver", "Tahoe Resources"]),
    E("mining_conflict", "2013-04-27", "GT", "Escobal", injured=7, actors=["Escobal"]),
    E("legal_action", "2014", "CA", actors=["Supreme Court of British Columbia"]),
    E("legal_action", "2017", "CA", actors=["Court of Appeal for British Columbia"]),
    E("legal_action", "2018", "GT", actors=["Corte de Constitucionalidad", "Escobal"]),
], [
    N("Pan American Silver", "company", "Pan American Silver"),
    N("Escobal", "place", "Escobal"),
    N("Canada", "country", "Canadá"),
    N("Vancouver", "place", "Vancouver"),
    N("Guatemala City", "place", "Ciudad de Guatemala"),
    N("Crónica Judicial", "organization", "Crónica Judicial"),
    N("Tahoe Resources", "company", "Tahoe Resources"),
    N("Supreme Court of British Columbia", "government_body", "Corte Suprema de Columbia Británica"),
    N("Court of Appeal for British Columbia", "government_body", "Tribunal de Apelaciones de Columbia Británica"),
    N("Guatemala", "country", "Guatemala"),
    N("San Rafael Las Flores", "place", "San Rafael Las Flores"),
    N("Corte de Constitucionalidad", "government_body", "Corte de Constitucionalidad"),
], [], "Court news dated Wed 2019-07-31: 'el martes' = 07-30; 'este año' = 2019. The apology that ends the British Columbia lawsuit -> legal_action (settlement), country CA (court's jurisdiction, DEV.md). Pan American Silver's acquisition of Tahoe -> mining_deal_or_investment, country null (acquisitions). Background: the 2013 shooting at the mine with seven injured and no deaths -> mining_conflict (same as x03[3]); the lawsuit filed in 2014 and the 2017 appeal ruling are two legal_action events (a lawsuit and a ruling are kept apart); the Constitutional Court's 2018 consultation order -> legal_action (same as x03[0]). 'sigue paralizada' is a state. 'Columbia Británica' appears only inside the court names (no separate place entity). 'guatemaltecos', 'canadienses' are demonyms.")

doc("x05", "es", "2023-11-08", "other_canadian_mining", """
HILO de @ObsIstmo (Observatorio Ciudadano del Istmo), 8 de noviembre de 2023

1/ Lo que pasó ayer en Chame y por qué el país sigue en las calles. Abro hilo.

2/ Ayer martes, un hombre disparó contra manifestantes que bloqueaban la carretera Panamericana en Chame, Panamá Oeste. Murieron dos personas: Abdiel Díaz e Iván Rodríguez. Nuestro más sentido pésame a sus familias.

3/ El autor, Kenneth Darlington, de 77 años, con nacionalidad panameña y estadounidense, fue aprehendido en el lugar por la Policía Nacional.

4/ Las protestas comenzaron el 20 de octubre, cuando la Asamblea Nacional aprobó y el presidente Laurentino Cortizo sancionó el contrato con Minera Panamá, filial de la canadiense First Quantum Minerals, para operar la mina Cobre Panamá por al menos 20 años más.

5/ Desde entonces hay cierres de vías en todo el país. Desde finales de octubre, pescadores artesanales bloquean con sus lanchas el puerto de Punta Rincón, por donde la mina recibe insumos y exporta el concentrado.

6/ El 3 de noviembre Cortizo sancionó una ley que declara una moratoria a nuevas concesiones mineras, pero no resolvió el contrato vigente. La Corte Suprema tiene pendientes las demandas de inconstitucionalidad. #PanamáVale + que el cobre (fin del hilo)
""", [
    E("other", "2023-11-07", "PA", "Chame, Panamá Oeste", fatalities=2, actors=["Kenneth Darlington", "Abdiel Díaz Chávez", "Iván Rodríguez Mendoza"]),
    E("arrest", "2023-11-07", "PA", "Chame", actors=["Kenneth Darlington", "Policía Nacional de Panamá"]),
    E("protest", "2023-11-07", "PA", "Carretera Panamericana, Chame"),
    E("mining_deal_or_investment", "2023-10-20", "PA", actors=["Asamblea Nacional de Panamá", "Laurentino Cortizo", "Minera Panamá", "First Quantum Minerals", "Cobre Panamá"]),
    E("protest", "2023-10-20", "PA"),
    E("mining_conflict", "2023-10", "PA", "Punta Rincón", actors=["Punta Rincón", "Cobre Panamá"]),
    E("other", "2023-11-03", "PA", actors=["Laurentino Cortizo"]),
], [
    N("Observatorio Ciudadano del Istmo", "organization", "Observatorio Ciudadano del Istmo", "@ObsIstmo"),
    N("Chame", "place", "Chame"),
    N("Carretera Panamericana", "place", "carretera Panamericana"),
    N("Panamá Oeste", "place", "Panamá Oeste"),
    N("Abdiel Díaz Chávez", "person", "Abdiel Díaz"),
    N("Iván Rodríguez Mendoza", "person", "Iván Rodríguez"),
    N("Kenneth Darlington", "person", "Kenneth Darlington"),
    N("Policía Nacional de Panamá", "government_body", "Policía Nacional"),
    N("Asamblea Nacional de Panamá", "government_body", "Asamblea Nacional"),
    N("Laurentino Cortizo", "person", "Laurentino Cortizo", "Cortizo"),
    N("Minera Panamá", "company", "Minera Panamá"),
    N("First Quantum Minerals", "company", "First Quantum Minerals"),
    N("Cobre Panamá", "place", "Cobre Panamá"),
    N("Punta Rincón", "place", "Punta Rincón"),
    N("Corte Suprema de Justicia de Panamá", "government_body", "Corte Suprema"),
], [], "Thread of posts dated Wed 2023-11-08: 'ayer martes' = 11-07, 'el 20 de octubre', 'Desde finales de octubre' = '2023-10', 'El 3 de noviembre' = 11-03. Two protesters shot dead by a motorist (an uninvolved civilian) -> other with fatalities 2 (ONTOLOGY), not repression_killing; his arrest on the spot -> arrest. The road blockade at Chame -> protest. Approval and sanction of the contract -> one mining_deal_or_investment (contract renewal). Nationwide road closures 'desde entonces' -> protest dated to its start, 10-20. The fishermen's blockade of the mine's port -> mining_conflict (DEV.md: blockades at the mine's port). The moratorium law -> other (mining laws). 'tiene pendientes las demandas' is a state. Canonical full names from public reports (Abdiel Díaz Chávez, Iván Rodríguez Mendoza); the thread gives short forms. The account handle is an alias of the observatory; the hashtag is not an entity; 'Panamá' inside 'Minera Panamá', 'Cobre Panamá', 'Panamá Oeste' and the hashtag is not a country mention.")

doc("x06", "es", "2023-11-29", "other_canadian_mining", """
Corte declara inconstitucional el contrato de Cobre Panamá; Cortizo anuncia el cierre de la mina

Redacción Judicial de Istmo Hoy
Ciudad de Panamá, 29 de noviembre de 2023

El pleno de la Corte Suprema de Justicia declaró este martes, por unanimidad, inconstitucional la Ley 406, aprobada el 20 de octubre, que contenía el contrato entre el Estado y Minera Panamá, filial de First Quantum Minerals, para la explotación de la mina Cobre Panamá, en Donoso (Colón).

Horas después, el presidente Laurentino Cortizo dijo en cadena nacional que su gobierno acataba el fallo y que se iniciaría la transición hacia un cierre ordenado y seguro de la mina.

Tras conocerse la decisión, miles de personas celebraron frente a la sede de la Corte y en las calles de la capital, y los grupos que mantenían cierres en la vía Interamericana comenzaron a levantarlos.

Las protestas duraron más de un mes. Según recuentos de medios locales, al menos cuatro personas murieron en ese contexto, entre ellas dos manifestantes baleados por un automovilista en Chame.

First Quantum Minerals dijo en un comunicado que estaba analizando el fallo y que buscaría proteger sus derechos.
""", [
    E("legal_action", "2023-11-28", "PA", actors=["Corte Suprema de Justicia de Panamá", "Minera Panamá", "Cobre Panamá"]),
    E("mining_deal_or_investment", "2023-11-28", "PA", actors=["Laurentino Cortizo", "Cobre Panamá"]),
    E("mining_deal_or_investment", "2023-10-20", "PA", actors=["Minera Panamá", "First Quantum Minerals", "Cobre Panamá"]),
    E("other", "2023-11-28", "PA", "Ciudad de Panamá"),
    E("other", "2023-11-28", "PA", "Vía Interamericana"),
    E("protest", "2023-10", "PA"),
    E("death_toll_update", "2023-11-29", "PA"),
    E("other", "2023-11", "PA", "Chame", fatalities=2),
], [
    N("Corte Suprema de Justicia de Panamá", "government_body", "Corte Suprema de Justicia", "Corte"),
    N("Cobre Panamá", "place", "Cobre Panamá"),
    N("Laurentino Cortizo", "person", "Laurentino Cortizo", "Cortizo"),
    N("Istmo Hoy", "organization", "Istmo Hoy"),
    N("Panama City", "place", "Ciudad de Panamá"),
    N("Minera Panamá", "company", "Minera Panamá"),
    N("First Quantum Minerals", "company", "First Quantum Minerals"),
    N("Donoso", "place", "Donoso"),
    N("Colón", "place", "Colón"),
    N("Vía Interamericana", "place", "vía Interamericana"),
    N("Chame", "place", "Chame"),
], [T("PA", "2023-11-29", 4)],
    "Court news dated Wed 2023-11-29: 'este martes' / 'Horas después' = 11-28. The Supreme Court's ruling -> legal_action. Cortizo's announcement of an orderly closure after the ruling -> mining_deal_or_investment (DEV.md: closure announced after a court ruling). The contract approved on 20 October (Ley 406) is background -> mining_deal_or_investment 10-20 (same as x05[3]). Celebrations in the capital -> other; blockades being lifted -> other. 'Las protestas duraron más de un mes' -> protest '2023-10'. 'al menos cuatro personas murieron en ese contexto' (unnamed local media, no date) -> toll 4 as_of the publication date + death_toll_update with no actor; the Chame killing by a motorist is named in passing -> other with fatalities 2, '2023-11' (no date given here). First Quantum's statement is a reaction. 'el Estado' is generic; 'Panamá' inside names is not a country mention.")
