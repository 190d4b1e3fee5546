"""Interface text in English and Spanish. Labels of event types and entity kinds come from the
ontology; everything else a page shows is here, keyed by a short English id."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

__all__ = ["LANGUAGES", "pick_language", "translator"]

LANGUAGES = ("en", "es")

_ES: dict[str, str] = {
    "Dashboard": "Inicio",
    "Search": "Buscar",
    "Timeline": "Cronología",
    "Map": "Mapa",
    "Network": "Red",
    "Review": "Revisión",
    "Documents": "Documentos",
    "Events": "Eventos",
    "Actors": "Actores",
    "Claims": "Afirmaciones",
    "Relations": "Relaciones",
    "Reviews": "Revisiones",
    "Death tolls": "Cifras de muertos",
    "Latest events": "Últimos eventos",
    "Death toll by country": "Cifra de muertos por país",
    "No death tolls yet.": "Todavía no hay cifras de muertos.",
    "No events.": "No hay eventos.",
    "Type": "Tipo",
    "Country": "País",
    "Actor": "Actor",
    "From": "Desde",
    "To": "Hasta",
    "Reviewed only": "Solo revisados",
    "Filter": "Filtrar",
    "Reset": "Limpiar",
    "All": "Todos",
    "Date": "Fecha",
    "Place": "Lugar",
    "Fatalities": "Víctimas mortales",
    "Quote": "Cita",
    "Source": "Fuente",
    "Sources": "Fuentes",
    "Published": "Publicado",
    "Publisher": "Medio",
    "Language": "Idioma",
    "Independent sources": "Fuentes independientes",
    "syndicated copies": "copias sindicadas",
    "Conservative": "Conservadora",
    "Latest": "Más reciente",
    "Range": "Rango",
    "History": "Historial",
    "unreviewed": "sin revisar",
    "accepted": "aceptada",
    "rejected": "rechazada",
    "edited": "editada",
    "Accept": "Aceptar",
    "Reject": "Rechazar",
    "Edit": "Editar",
    "Skip": "Saltar",
    "Open in document": "Ver en el documento",
    "Aliases": "Alias",
    "Kind": "Clase",
    "Events over time": "Eventos en el tiempo",
    "Mentioned in": "Mencionado en",
    "mentions": "menciones",
    "Results": "Resultados",
    "No results.": "Sin resultados.",
    "Search documents": "Buscar en los documentos",
    "Accents and case do not matter.": "No importan los acentos ni las mayúsculas.",
    "Review queue": "Cola de revisión",
    "Nothing left to review.": "No queda nada por revisar.",
    "Possibly the same event": "Posiblemente el mismo hecho",
    "Pairs the clustering almost merged. Your decision is applied by the next resolve run.": (
        "Pares que la agrupación casi unió. Su decisión se aplica en la próxima resolución."
    ),
    "Same event": "Mismo hecho",
    "Not the same": "No es el mismo",
    "Recorded: same event": "Registrado: mismo hecho",
    "Recorded: not the same": "Registrado: no es el mismo",
    "Keyboard": "Teclado",
    "accept": "aceptar",
    "reject": "rechazar",
    "next": "siguiente",
    "previous": "anterior",
    "open": "abrir",
    "Log in": "Entrar",
    "Log out": "Salir",
    "User": "Usuario",
    "Password": "Contraseña",
    "Wrong user name or password.": "Usuario o contraseña incorrectos.",
    "Too many attempts; wait a few minutes.": "Demasiados intentos; espere unos minutos.",
    "Actors and events": "Actores y eventos",
    "Actors and relations": "Actores y relaciones",
    "Show": "Mostrar",
    "Export PNG": "Exportar PNG",
    "Export SVG": "Exportar SVG",
    "Click a highlighted passage to see its claims.": (
        "Pulse un pasaje resaltado para ver sus afirmaciones."
    ),
    "Evidence": "Evidencia",
    "Claim": "Afirmación",
    "Value": "Valor",
    "Confidence": "Confianza",
    "Status": "Estado",
    "Reviewed": "Revisado",
    "Precise place": "Lugar preciso",
    "Region": "Región",
    "Country only": "Solo país",
    "events": "eventos",
    "Role": "Rol",
    "Not found": "No encontrado",
    "Read-only: your role cannot review.": "Solo lectura: su rol no permite revisar.",
    "Online map tiles": "Mapa en línea",
    "Offline basemap (Natural Earth)": "Mapa base sin conexión (Natural Earth)",
    "Zoom": "Zoom",
    "Fit": "Ajustar",
    "undated": "sin fecha",
    "Events in this cluster": "Eventos de este grupo",
    "Every value below is a claim with its quote and source.": (
        "Cada valor es una afirmación con su cita y su fuente."
    ),
    "Document": "Documento",
    "original": "original",
    "copy of": "copia de",
    "Page not found.": "Página no encontrada.",
    "Watchlists": "Listas de seguimiento",
    "Comment": "Comentario",
    "Save": "Guardar",
    "reviewer's edit": "corrección de revisor",
    "Patterns": "Patrones",
    "A pattern is a sequence of events; running one finds every chain of it in the evidence base, each step with its quotes and sources.": (  # noqa: E501
        "Un patrón es una secuencia de eventos; al ejecutarlo se encuentran todas sus cadenas "
        "en la base de evidencia, cada paso con sus citas y fuentes."
    ),
    "Run": "Ejecutar",
    "Evidence up to": "Evidencia hasta",
    "findings": "hallazgos",
    "chains whose window ends after %s are not reported yet": (
        "las cadenas cuya ventana termina después del %s aún no se muestran"
    ),
    "Finding": "Hallazgo",
    "None found": "No se encontró ninguno",
    "No chain of this pattern in the evidence base.": (
        "No hay ninguna cadena de este patrón en la base de evidencia."
    ),
    "agent": "agente",
    "target": "destinatario",
    "victim": "víctima",
    "participant": "participante",
    "mentioned": "mencionado",
    # the shipped patterns (veeduria/query/patterns/*.yaml): titles, descriptions, step labels
    "Coup, foreign backing, mining deal, killings": (
        "Golpe, respaldo extranjero, acuerdo minero, muertes"
    ),
    "A regime change; within 120 days a foreign government recognizes or backs the new rulers (or speaks about them); within 24 months a mining deal, investment or business meeting involving a company of that same foreign country; and protesters killed in the country of the coup within the span of the chain.": (  # noqa: E501
        "Un cambio de régimen; en 120 días un gobierno extranjero reconoce o respalda a los "
        "nuevos gobernantes (o se pronuncia sobre ellos); en 24 meses un acuerdo minero, una "
        "inversión o una reunión de negocios con una empresa de ese mismo país extranjero; y "
        "manifestantes muertos en el país del golpe dentro del lapso de la cadena."
    ),
    "State of emergency followed by killings within 30 days": (
        "Estado de emergencia seguido de muertes en 30 días"
    ),
    "A state of emergency, curfew or state of siege, and protesters killed in the same country within the 30 days after it was declared.": (  # noqa: E501
        "Un estado de emergencia, toque de queda o estado de sitio, y manifestantes muertos en "
        "el mismo país en los 30 días siguientes a su declaración."
    ),
    "Killings with no legal action within 12 months": ("Muertes sin acción judicial en 12 meses"),
    "A killing of protesters (repression_killing) that no legal action (investigation, charge, lawsuit, ruling) in the same country followed within 12 months. A legal action counts against the chain when it names the same place, or names no place at all: absence is only claimed when no event that could concern the killing exists. Chains whose 12 months have not yet passed by the newest document in the evidence base (or --as-of) are not reported.": (  # noqa: E501
        "Una muerte de manifestantes (repression_killing) a la que no siguió ninguna acción "
        "judicial (investigación, acusación, demanda, fallo) en el mismo país en 12 meses. "
        "Una acción judicial cuenta contra la cadena si nombra el mismo lugar o ningún lugar: "
        "la ausencia solo se afirma cuando no existe ningún evento que pueda referirse a esas "
        "muertes. No se muestran las cadenas cuyos 12 meses no han pasado según el documento "
        "más reciente de la base de evidencia (o --as-of)."
    ),
    "New rulers recognized by three or more governments within 14 days": (
        "Nuevos gobernantes reconocidos por tres o más gobiernos en 14 días"
    ),
    "A regime change, and within 14 days explicit recognitions of the new government by at least three foreign governments (government bodies or countries of three different countries other than the country of the change).": (  # noqa: E501
        "Un cambio de régimen y, en 14 días, reconocimientos explícitos del nuevo gobierno por "
        "al menos tres gobiernos extranjeros (órganos de gobierno o países de tres países "
        "distintos del país del cambio)."
    ),
    "regime change": "cambio de régimen",
    "foreign backing": "respaldo extranjero",
    "mining deal of the backer's company": "acuerdo minero de la empresa del país que respalda",
    "protesters killed": "manifestantes muertos",
    "state of emergency": "estado de emergencia",
    "no legal action": "ninguna acción judicial",
    "foreign recognitions": "reconocimientos extranjeros",
    "Download": "Descargar",
    "The events matching these filters, with their claims and sources.": (
        "Los eventos que cumplen estos filtros, con sus afirmaciones y fuentes."
    ),
    "The actor filter does not apply to downloads.": (
        "El filtro de actor no se aplica a las descargas."
    ),
    "No watchlists yet: add one with": "Todavía no hay listas de seguimiento: cree una con",
    "Atom feed": "Canal Atom",
    "Rules": "Reglas",
    "any actor": "cualquier actor",
    "any type": "cualquier tipo",
    "any country": "cualquier país",
    "Read-only: lists are managed with": "Solo lectura: las listas se gestionan con",
}


@cache
def translator(lang: str) -> Callable[[str], str]:
    """`_("English text")` for `lang`; unknown keys fall back to English."""
    table = _ES if lang == "es" else {}

    def gettext(text: str) -> str:
        return table.get(text, text)

    return gettext


def pick_language(query: str | None, cookie: str | None, accept: str | None) -> str:
    """?lang= first, then the cookie, then the browser's preference, then English."""
    for candidate in (query, cookie):
        if candidate in LANGUAGES:
            return str(candidate)
    for part in (accept or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "en"
