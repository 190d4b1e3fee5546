"""Build the PDF articles of the bundled sample corpus.

The texts below are original writing for veeduria (see README.md). They are kept within
Latin-1 so that fpdf2's core fonts (Helvetica) can render them without an embedded TTF, which
keeps the build reproducible on any machine. Run from the repository root:

    .venv/bin/python src/veeduria/sample/build_pdfs.py

fpdf2 is a dev dependency; the package itself only reads the committed PDFs.
"""

# ruff: noqa: E501  (article paragraphs are kept as single lines, as the PDF text flows)
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Each entry: file name -> (title, metadata author, text). The text is what a reader sees:
# headline, publisher and date line, then paragraphs separated by blank lines. The gold file
# eval/own.jsonl annotates exactly this text.
ARTICLES: dict[str, tuple[str, str, str]] = {
    "s08_peru_juliaca_boletin.pdf": (
        "Boletín semanal 2/2023: Juliaca",
        "Red Sur de Derechos Humanos",
        """JULIACA: 17 CIVILES MUERTOS EN LA JORNADA MÁS SANGRIENTA DESDE DICIEMBRE

Red Sur de Derechos Humanos - Boletín semanal N.º 2/2023 - Puno, 12 de enero de 2023

El lunes 9 de enero, diecisiete personas civiles murieron en Juliaca, provincia de San Román, durante la represión de una movilización que se dirigía al aeropuerto Inca Manco Cápac. Según la información que nuestro equipo recogió en los hospitales de la ciudad, la mayoría de las víctimas presentaba heridas de bala en el tórax o en la cabeza. Decenas de personas resultaron heridas.

Esa misma noche murió el policía José Luis Soncco Quispe, cuyo patrullero fue atacado e incendiado por una turba. Lamentamos y condenamos también esta muerte, que debe ser investigada.

Con estas muertes, la Defensoría del Pueblo contabilizó el martes 10 un total de 47 personas fallecidas en el país desde el inicio de las protestas, en diciembre.

El mismo martes, el Gobierno decretó un toque de queda de tres días en la región Puno, de las 20:00 a las 4:00 horas, y la Fiscalía de la Nación abrió una investigación preliminar contra la presidenta Dina Boluarte, el presidente del Consejo de Ministros, Alberto Otárola, y otros ministros por los presuntos delitos de genocidio, homicidio calificado y lesiones graves.

El miércoles 11 llegó a Lima una delegación de la Comisión Interamericana de Derechos Humanos (CIDH), que recorrerá el país hasta el viernes. La Red Sur ha solicitado una reunión con la delegación para entregarle los testimonios recogidos en Juliaca.

Ese mismo miércoles, miles de personas acompañaron en Juliaca los féretros de las víctimas en una marcha fúnebre que recorrió la ciudad hasta el cementerio.

Exigimos al Estado peruano que cese el uso de armas de fuego contra la población, que los responsables sean identificados y sancionados y que se repare a las familias.

Red Sur de Derechos Humanos - Jr. Lima 321, Puno - Boletín de distribución gratuita""",
    ),
    "s10_canada_mining_pdac.pdf": (
        "Business as usual? Canadian mining diplomacy in Peru",
        "Canada-Andes Accountability Project",
        """BUSINESS AS USUAL? CANADIAN MINING DIPLOMACY IN PERU AFTER THE KILLINGS

Canada-Andes Accountability Project - Briefing note 4 - Toronto, March 9, 2023

While the death toll from three months of protests in Peru kept rising, Canada's diplomats and mining companies carried on with business. This note sets out what is on the public record.

1. The convention. The Prospectors & Developers Association of Canada (PDAC) held its annual convention at the Metro Toronto Convention Centre from March 5 to 8. The Peruvian state was present, as it is every year, with a pavilion promoting the country's mining portfolio to investors.

2. The embassy. In January, at the height of the protests, Canada's ambassador in Lima, Louis Marcotte, met Peru's Energy and Mines Minister, Oscar Vera, to discuss Canadian mining investment, according to a post published by the ministry. Canada is one of the largest sources of foreign investment in Peruvian mining; Hudbay Minerals, for example, operates the Constancia copper mine in the Cusco region.

3. The toll. As of early March, Peru's Ombudsman's Office counted more than 60 deaths linked to the protests that began after Congress removed President Pedro Castillo on December 7, 2022. Most of the victims were killed by gunfire in clashes with the army and the police in the southern regions of Ayacucho, Apurímac, Cusco and Puno. In Juliaca alone, 17 civilians were killed on January 9.

4. The evidence. In February, Amnesty International published a report concluding that Peruvian security forces had used lethal force unlawfully and that the repression had fallen hardest on Indigenous and rural people.

5. Ottawa's line. Global Affairs Canada has issued statements urging restraint and dialogue, but Canada has not announced any review of its trade promotion in Peru.

On March 6, during PDAC week, the Project held a public panel at a community hall in Toronto with two relatives of victims from Puno who spoke by video link.

Recommendations: suspend official promotion of mining investment in Peru until there is accountability for the killings, and require Canadian companies operating in the affected regions to report on their security arrangements.

Contact: Canada-Andes Accountability Project, Toronto""",
    ),
    "s17_bolivia_iachr_report.pdf": (
        "IACHR calls Sacaba and Senkata massacres",
        "Andes Legal Monitor",
        """IACHR: Sacaba and Senkata killings "may be characterized as massacres"

Andes Legal Monitor - Human rights brief - Washington / La Paz, December 11, 2019

The Inter-American Commission on Human Rights (IACHR) on Tuesday presented its preliminary observations on the visit it made to Bolivia from November 22 to 25, and said the deadly security operations at Sacaba, in Cochabamba, on November 15 and at the Senkata fuel plant, in El Alto, on November 19 may be characterized as massacres, given the number of people killed and the manner of their deaths.

The commission counted 36 deaths in the context of the crisis that followed the October 20 general election, and said most of them occurred after November 10, the day Evo Morales resigned under pressure from the commander of the armed forces.

The report is highly critical of Supreme Decree 4078, signed on November 14 by the interim president, Jeanine Áñez, which told the armed forces that they would be exempt from criminal liability when acting to restore order. Áñez repealed the decree on November 28 after strong national and international criticism.

The commission also said it had agreed with the interim government to create an Interdisciplinary Group of Independent Experts (GIEI) to investigate the violence.

The interim authorities rejected the word "massacre" and said the security forces had acted within the law.

On November 24, Áñez signed a law, approved by the Legislative Assembly, that annulled the October election and called a new vote with a new electoral tribunal. No date has yet been set.

What comes next: the GIEI is expected to have six months to carry out its work once it is installed. Families of the victims of Sacaba and Senkata have asked for an international investigation.

Andes Legal Monitor is an independent newsletter on law and human rights in the Andean region.""",
    ),
    "s19_bolivia_arce_gana.pdf": (
        "Arce gana en primera vuelta",
        "La Brújula de La Paz",
        """Luis Arce gana en primera vuelta y el MAS vuelve al poder un año después de la caída de Evo Morales

La Brújula de La Paz - Edición digital - La Paz, lunes 19 de octubre de 2020

El candidato del Movimiento al Socialismo (MAS), Luis Arce, ganó en primera vuelta las elecciones generales del domingo, según los conteos rápidos difundidos por medios de comunicación, que le atribuyen más del 50 % de los votos, con una ventaja de unos veinte puntos sobre el expresidente Carlos Mesa, de Comunidad Ciudadana.

La presidenta interina, Jeanine Áñez, felicitó a Arce y a su compañero de fórmula, David Choquehuanca, en un mensaje publicado en la madrugada, antes de que hubiera resultados oficiales. Mesa reconoció este lunes su derrota.

El Tribunal Supremo Electoral (TSE), presidido por Salvador Romero, había decidido el sábado suspender la difusión de resultados preliminares para evitar la desconfianza que generó en 2019 la interrupción del conteo rápido. El cómputo oficial podría tardar varios días.

Las elecciones debían celebrarse inicialmente el 3 de mayo, pero fueron postergadas varias veces por la pandemia de covid-19, hasta que en julio el TSE fijó la fecha del 18 de octubre. En septiembre, Áñez retiró su candidatura para, según dijo, no dividir el voto contra el MAS.

La votación cierra un año convulso. Tras las elecciones de octubre de 2019, anuladas en medio de denuncias de fraude, Evo Morales renunció el 10 de noviembre presionado por las Fuerzas Armadas y la Policía, y Áñez asumió la presidencia dos días después. En las semanas siguientes, operativos militares y policiales en Sacaba y Senkata dejaron varios muertos.

El presidente de Argentina, Alberto Fernández, fue uno de los primeros mandatarios extranjeros en felicitar a Arce. Desde Buenos Aires, donde vive desde hace meses, Morales celebró el resultado y dijo que volverá a Bolivia.

Arce, economista y ministro de Economía durante casi todo el gobierno de Morales, prometió gobernar "para todos los bolivianos".""",
    ),
}


PUBLISHED = {
    "s08_peru_juliaca_boletin.pdf": "2023-01-12",
    "s10_canada_mining_pdac.pdf": "2023-03-09",
    "s17_bolivia_iachr_report.pdf": "2019-12-11",
    "s19_bolivia_arce_gana.pdf": "2020-10-19",
}


def build(out_dir: Path = HERE) -> list[Path]:
    """Write every PDF of ARTICLES into out_dir and return their paths."""
    from fpdf import FPDF  # dev dependency, imported here so the module imports without it

    written = []
    for name, (title, author, text) in ARTICLES.items():
        pdf = FPDF(format="A4")
        pdf.set_title(title)
        pdf.set_author(author)
        pdf.set_creator("veeduria sample corpus")
        # Reproducible output: a fixed creation date (the article's publication date).
        pdf.set_creation_date(datetime.fromisoformat(PUBLISHED[name]).replace(tzinfo=UTC))
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.set_margins(20, 18, 20)
        pdf.add_page()
        paragraphs = text.split("\n\n")
        pdf.set_font("Helvetica", style="B", size=15)
        pdf.multi_cell(0, 7, paragraphs[0], new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_font("Helvetica", style="I", size=9)
        pdf.multi_cell(0, 5, paragraphs[1], new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font("Helvetica", size=11)
        for paragraph in paragraphs[2:]:
            pdf.multi_cell(0, 5.5, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        path = out_dir / name
        pdf.output(str(path))
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in build():
        print(written_path)
