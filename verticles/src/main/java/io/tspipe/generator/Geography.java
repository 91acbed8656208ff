package io.tspipe.generator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where simulated people live and where addresses are: the 15 home countries of simulated users (ISO 3166-1 alpha-2),
 * each with a few of its real cities, and further countries that only host networks (proxies, data centres), each
 * with its main city. An event's {@code geo} is the country of its address and a city of that country.
 */
public final class Geography {

  public record City(String name, double lat, double lon) {
  }

  public record Country(String code, List<City> cities) {
  }

  public static final List<Country> COUNTRIES = List.of(
    country("US",
      new City("New York", 40.7128, -74.0060),
      new City("Los Angeles", 34.0522, -118.2437),
      new City("Chicago", 41.8781, -87.6298),
      new City("Seattle", 47.6062, -122.3321)),
    country("GB",
      new City("London", 51.5074, -0.1278),
      new City("Manchester", 53.4808, -2.2426),
      new City("Edinburgh", 55.9533, -3.1883)),
    country("DE",
      new City("Berlin", 52.5200, 13.4050),
      new City("Munich", 48.1351, 11.5820),
      new City("Hamburg", 53.5511, 9.9937)),
    country("FR",
      new City("Paris", 48.8566, 2.3522),
      new City("Lyon", 45.7640, 4.8357),
      new City("Marseille", 43.2965, 5.3698)),
    country("JP",
      new City("Tokyo", 35.6762, 139.6503),
      new City("Osaka", 34.6937, 135.5023),
      new City("Sapporo", 43.0618, 141.3545)),
    country("IN",
      new City("Mumbai", 19.0760, 72.8777),
      new City("Delhi", 28.7041, 77.1025),
      new City("Bengaluru", 12.9716, 77.5946)),
    country("BR",
      new City("São Paulo", -23.5505, -46.6333),
      new City("Rio de Janeiro", -22.9068, -43.1729),
      new City("Brasília", -15.7939, -47.8828)),
    country("CA",
      new City("Toronto", 43.6532, -79.3832),
      new City("Vancouver", 49.2827, -123.1207),
      new City("Montreal", 45.5017, -73.5673)),
    country("AU",
      new City("Sydney", -33.8688, 151.2093),
      new City("Melbourne", -37.8136, 144.9631),
      new City("Perth", -31.9505, 115.8605)),
    country("NG",
      new City("Lagos", 6.5244, 3.3792),
      new City("Abuja", 9.0765, 7.3986),
      new City("Kano", 12.0022, 8.5920)),
    country("RU",
      new City("Moscow", 55.7558, 37.6173),
      new City("Saint Petersburg", 59.9311, 30.3609),
      new City("Novosibirsk", 55.0084, 82.9357)),
    country("CN",
      new City("Beijing", 39.9042, 116.4074),
      new City("Shanghai", 31.2304, 121.4737),
      new City("Shenzhen", 22.5431, 114.0579)),
    country("MX",
      new City("Mexico City", 19.4326, -99.1332),
      new City("Guadalajara", 20.6597, -103.3496),
      new City("Monterrey", 25.6866, -100.3161)),
    country("KR",
      new City("Seoul", 37.5665, 126.9780),
      new City("Busan", 35.1796, 129.0756),
      new City("Incheon", 37.4563, 126.7052)),
    country("ZA",
      new City("Johannesburg", -26.2041, 28.0473),
      new City("Cape Town", -33.9249, 18.4241),
      new City("Durban", -29.8587, 31.0218)));

  /** Countries that are no user's home but hold data centres and proxies an attack comes from. */
  public static final List<Country> ELSEWHERE = List.of(
    country("NL", new City("Amsterdam", 52.3676, 4.9041)),
    country("SG", new City("Singapore", 1.3521, 103.8198)),
    country("HK", new City("Hong Kong", 22.3193, 114.1694)),
    country("UA", new City("Kyiv", 50.4501, 30.5234)),
    country("RO", new City("Bucharest", 44.4268, 26.1025)),
    country("PL", new City("Warsaw", 52.2297, 21.0122)),
    country("SE", new City("Stockholm", 59.3293, 18.0686)),
    country("FI", new City("Helsinki", 60.1699, 24.9384)),
    country("VN", new City("Ho Chi Minh City", 10.8231, 106.6297)),
    country("ID", new City("Jakarta", -6.2088, 106.8456)),
    country("TR", new City("Istanbul", 41.0082, 28.9784)),
    country("IT", new City("Milan", 45.4642, 9.1900)),
    country("ES", new City("Madrid", 40.4168, -3.7038)),
    country("LT", new City("Vilnius", 54.6872, 25.2797)),
    country("BG", new City("Sofia", 42.6977, 23.3219)),
    country("CZ", new City("Prague", 50.0755, 14.4378)),
    country("CH", new City("Zurich", 47.3769, 8.5417)),
    country("IE", new City("Dublin", 53.3498, -6.2603)));

  private static final Map<String, Country> BY_CODE = byCode();

  private Geography() {
  }

  /** The country with that code, if it is one of {@link #COUNTRIES} or {@link #ELSEWHERE}. */
  public static Optional<Country> country(String code) {
    return Optional.ofNullable(BY_CODE.get(code));
  }

  private static Map<String, Country> byCode() {
    Map<String, Country> all = new HashMap<>();
    COUNTRIES.forEach(country -> all.put(country.code(), country));
    ELSEWHERE.forEach(country -> all.put(country.code(), country));
    return Map.copyOf(all);
  }

  private static Country country(String code, City... cities) {
    return new Country(code, List.of(cities));
  }
}
